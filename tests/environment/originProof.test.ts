/**
 * The origin proof with REAL certificates: a CA and a client certificate made by openssl with exactly the profiles the
 * program gives @pulumi/tls (components/environment/originProof.ts: key type and size, validity, allowed uses), the
 * trust-store bundle built by the program's own caBundle(), then:
 *  - node's X509Certificate: the client certificate chains to the bundle's CA; one from another CA does not;
 *  - a real TLS handshake on loopback, the server requiring a client certificate that chains to the bundle (what the
 *    ALB's mutual TLS in verify mode does): our client is admitted; a client of another CA (another Cloudflare zone's
 *    own certificate) and a client with no certificate (Cloudflare's shared pull without AOP) fail the handshake.
 * The mock cloud cannot sign certificates (its tls models return placeholders), so this is where the cryptography is checked.
 */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import type { AddressInfo } from "node:net";
import {
    CA_PROFILE,
    caBundle,
    CLIENT_PROFILE,
    expiryWarning,
    mutualAuthenticationAnnotationValue,
} from "../../components/environment/originProof";
import { CertificateProfile, opensslCertificates } from "../certificates";

/** id-kp-clientAuth (RFC 5280 section 4.2.1.12). */
const OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

const dir = mkdtempSync(join(tmpdir(), "origin-proof-"));
const certificates = opensslCertificates(dir);

/** A CA with the program's CA profile (RSA keys only: that is what the profiles say). */
const makeCa = (name: string, profile: CertificateProfile = CA_PROFILE) => certificates.makeCa(name, profile);
/** A leaf signed by `ca` with the program's client profile (or another, for the server's certificate). */
const makeLeaf = certificates.makeLeaf;

/** What the ALB's verify mode decides, by X.509 alone: signed by a CA of the bundle, inside its validity, for client auth. */
function chainsToBundle(bundle: string, leafPem: string, now = new Date()): boolean {
    const leaf = new X509Certificate(leafPem);
    const cas = bundle
        .split(/(?<=-----END CERTIFICATE-----\n)/)
        .filter((p) => p.trim())
        .map((p) => new X509Certificate(p));
    const inDate = new Date(leaf.validFrom) <= now && now <= new Date(leaf.validTo);
    const forClients = (leaf.keyUsage ?? []).includes(OID_CLIENT_AUTH);
    return inDate && forClients && cas.some((ca) => ca.ca && leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
}

let ours: { pem: string; key: string };
let foreignCa: { pem: string; key: string };
let client: { pem: string; key: string };
let foreignClient: { pem: string; key: string };
let bundle: string;

beforeAll(() => {
    ours = makeCa("osprey-main-origin-pull-ca");
    foreignCa = makeCa("another-zone-ca");
    client = makeLeaf("osprey-main-cloudflare-origin-pull", ours, CLIENT_PROFILE);
    foreignClient = makeLeaf("another-zone-origin-pull", foreignCa, CLIENT_PROFILE);
    bundle = caBundle([ours.pem]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the certificate profiles", () => {
    it("make a CA certificate limited to signing, valid 10 years, never renewed early by an ordinary up", () => {
        const ca = new X509Certificate(ours.pem);
        expect(ca.ca).toBe(true);
        const years = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / (365 * 86_400_000);
        expect(years).toBeCloseTo(10, 1);
        expect(CA_PROFILE.earlyRenewalHours).toBe(0);
    });

    it("make a client certificate for TLS client authentication only, valid 2 years, renewed in its last 30 days", () => {
        const leaf = new X509Certificate(client.pem);
        expect(leaf.ca).toBe(false);
        expect(leaf.keyUsage).toEqual([OID_CLIENT_AUTH]);
        expect(CLIENT_PROFILE.earlyRenewalHours).toBe(30 * 24);
        expect(CLIENT_PROFILE.earlyRenewalHours).toBeLessThan(CLIENT_PROFILE.validityPeriodHours);
        // Warned about before the renewal window opens, so an operator is never surprised by it.
        expect(CLIENT_PROFILE.warnDaysBeforeEnd * 24).toBeGreaterThan(CLIENT_PROFILE.earlyRenewalHours);
    });

    it("warn from the configured number of days before a certificate's end, and not before", () => {
        const end = "2028-12-01T00:00:00Z";
        expect(expiryWarning("X", end, 60, new Date("2028-10-01T00:00:00Z"))).toBeUndefined();
        expect(expiryWarning("X", end, 60, new Date("2028-10-03T00:00:00Z"))).toMatch(
            /^X ends 2028-12-01T00:00:00Z \(in 59 days\)/,
        );
        expect(expiryWarning("X", undefined, 60, new Date())).toBeUndefined();
    });
});

describe("the trust store's chain (X509Certificate)", () => {
    it("accepts the client certificate our CA issued", () => {
        expect(chainsToBundle(bundle, client.pem)).toBe(true);
    });

    it("refuses a client certificate another CA issued, even with the same profile", () => {
        expect(chainsToBundle(bundle, foreignClient.pem)).toBe(false);
        expect(new X509Certificate(foreignClient.pem).checkIssued(new X509Certificate(ours.pem))).toBe(false);
    });

    it("refuses our own certificate after its end (ignoreClientCertificateExpiry is false)", () => {
        const afterEnd = new Date(Date.parse(new X509Certificate(client.pem).validTo) + 86_400_000);
        expect(chainsToBundle(bundle, client.pem, afterEnd)).toBe(false);
        expect(JSON.parse(mutualAuthenticationAnnotationValue("arn:x"))[0].ignoreClientCertificateExpiry).toBe(false);
    });

    it("accepts both CAs' clients while a rotation bundles the old and the new CA", () => {
        const both = caBundle([ours.pem, foreignCa.pem]);
        expect(chainsToBundle(both, client.pem)).toBe(true);
        expect(chainsToBundle(both, foreignClient.pem)).toBe(true);
    });
});

describe("a TLS handshake against a server that verifies clients against the bundle (the ALB in verify mode)", () => {
    let server: tls.Server;
    let port: number;
    /** The subject CN of every client the server admitted (a secure connection exists only after verification). */
    const admitted: string[] = [];

    beforeAll(async () => {
        const serverCa = makeCa("alb-server-ca");
        const serverCert = makeLeaf(
            "localhost",
            serverCa,
            { ...CLIENT_PROFILE, allowedUses: ["digital_signature", "key_encipherment", "server_auth"] },
            ["subjectAltName=DNS:localhost,IP:127.0.0.1"],
        );
        server = tls.createServer(
            { key: serverCert.key, cert: serverCert.pem, ca: bundle, requestCert: true, rejectUnauthorized: true },
            (socket) => {
                admitted.push(String((socket.getPeerCertificate().subject as { CN?: string } | undefined)?.CN));
                socket.end("admitted\n");
            },
        );
        // The server side of a refused handshake errors; that is the expected outcome here, not a test failure.
        server.on("tlsClientError", () => undefined);
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    /** Connects with an optional client certificate; resolves with what the server sent or the error that ended it. */
    function connect(cert?: { pem: string; key: string }): Promise<{ data: string; error?: string }> {
        return new Promise((resolve) => {
            let data = "";
            const socket = tls.connect({
                host: "127.0.0.1",
                port,
                rejectUnauthorized: false,
                ...(cert ? { cert: cert.pem, key: cert.key } : {}),
            });
            socket.setEncoding("utf8");
            socket.on("data", (d: string) => (data += d));
            socket.on("error", (e: Error) => resolve({ data, error: e.message }));
            socket.on("close", () => resolve({ data }));
        });
    }

    // Under TLS 1.3 the client may finish its half before the server's alert arrives: a refusal shows as an error or as
    // a close without data; the server side is the judge (it admits only after verifying the chain).
    it("admits Cloudflare presenting our origin-pull certificate", async () => {
        expect(await connect(client)).toEqual({ data: "admitted\n" });
        expect(admitted).toEqual(["osprey-main-cloudflare-origin-pull"]);
    });

    it("refuses another zone's origin-pull certificate (another CA) in the handshake", async () => {
        const before = admitted.length;
        expect((await connect(foreignClient)).data).toBe("");
        expect(admitted.length).toBe(before);
    });

    it("refuses a pull with no client certificate (Cloudflare without our per-hostname AOP)", async () => {
        const before = admitted.length;
        expect((await connect()).data).toBe("");
        expect(admitted.length).toBe(before);
    });
});
