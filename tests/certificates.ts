/**
 * Real X.509 certificates for tests, made by the openssl CLI in a directory the caller owns: a CA, and leaves it signs,
 * each from a profile in @pulumi/tls's terms (key type and size, validity, allowed uses), so a test can make exactly
 * what the program asks @pulumi/tls for (tests/environment/originProof.test.ts) or a server certificate in a real
 * service's shape (tests/data/bootstrapPostgres.test.ts: an RDS-style database host). The mock cloud cannot sign
 * certificates (its tls models return placeholders), so the tests that check cryptography make their own here.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** @pulumi/tls `allowedUses` (the terraform tls provider's names) as openssl's extension values (RFC 5280 names). */
const KEY_USAGE: Record<string, string> = {
    cert_signing: "keyCertSign",
    crl_signing: "cRLSign",
    digital_signature: "digitalSignature",
    key_encipherment: "keyEncipherment",
};
const EXT_KEY_USAGE: Record<string, string> = { client_auth: "clientAuth", server_auth: "serverAuth" };

/** A certificate profile in @pulumi/tls's terms (what components/environment/originProof.ts's profiles say). */
export type CertificateProfile = {
    algorithm: string;
    rsaBits: number;
    validityPeriodHours: number;
    allowedUses: readonly string[];
};

/** A certificate and the PATH of its key (a CA, for signing with) or the key's PEM (a leaf, for serving with). */
export type IssuedCertificate = { pem: string; key: string };

function extensions(profile: CertificateProfile, isCa: boolean): string {
    const ku = profile.allowedUses.filter((u) => u in KEY_USAGE).map((u) => KEY_USAGE[u]);
    const eku = profile.allowedUses.filter((u) => u in EXT_KEY_USAGE).map((u) => EXT_KEY_USAGE[u]);
    return [
        isCa ? "basicConstraints=critical,CA:TRUE,pathlen:0" : "basicConstraints=critical,CA:FALSE",
        `keyUsage=critical,${ku.join(",")}`,
        ...(eku.length ? [`extendedKeyUsage=${eku.join(",")}`] : []),
        "subjectKeyIdentifier=hash",
        ...(isCa ? [] : ["authorityKeyIdentifier=keyid"]),
    ].join("\n");
}

/** makeCa and makeLeaf writing their files (keys, requests, certificates) into `dir`, named after each certificate. */
export function opensslCertificates(dir: string) {
    const file = (name: string) => join(dir, name);
    const openssl = (...args: string[]) =>
        execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    const rsaOnly = (profile: CertificateProfile) => {
        // RSA keys only: that is what every profile of the program says.
        if (profile.algorithm !== "RSA")
            throw new Error(`certificates: only RSA profiles are supported, not ${profile.algorithm}`);
    };

    /** A self-signed CA with `profile`, subject CN `name`; its key stays a file (key: the path) for makeLeaf to sign with. */
    function makeCa(name: string, profile: CertificateProfile): IssuedCertificate {
        rsaOnly(profile);
        writeFileSync(file(`${name}.ext`), extensions(profile, true));
        openssl(
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            `rsa_keygen_bits:${profile.rsaBits}`,
            "-out",
            `${name}.key`,
        );
        openssl("req", "-new", "-key", `${name}.key`, "-subj", `/O=Osprey Strike/CN=${name}`, "-out", `${name}.csr`);
        const days = String(Math.floor(profile.validityPeriodHours / 24));
        openssl(
            "x509",
            "-req",
            "-in",
            `${name}.csr`,
            "-signkey",
            `${name}.key`,
            "-days",
            days,
            "-extfile",
            `${name}.ext`,
            "-out",
            `${name}.pem`,
        );
        return { pem: readFileSync(file(`${name}.pem`), "utf8"), key: file(`${name}.key`) };
    }

    /** A leaf signed by `ca` with `profile`, subject CN `name`, plus `extra` extension lines (e.g. subjectAltName=...). */
    function makeLeaf(
        name: string,
        ca: IssuedCertificate,
        profile: CertificateProfile,
        extra: string[] = [],
    ): IssuedCertificate {
        rsaOnly(profile);
        writeFileSync(file(`${name}.ext`), [extensions(profile, false), ...extra].join("\n"));
        writeFileSync(file(`${name}-ca.pem`), ca.pem);
        openssl(
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            `rsa_keygen_bits:${profile.rsaBits}`,
            "-out",
            `${name}.key`,
        );
        openssl("req", "-new", "-key", `${name}.key`, "-subj", `/O=Osprey Strike/CN=${name}`, "-out", `${name}.csr`);
        const days = String(Math.floor(profile.validityPeriodHours / 24));
        openssl(
            "x509",
            "-req",
            "-in",
            `${name}.csr`,
            "-CA",
            `${name}-ca.pem`,
            "-CAkey",
            ca.key,
            "-set_serial",
            String(Date.now()),
            "-days",
            days,
            "-extfile",
            `${name}.ext`,
            "-out",
            `${name}.pem`,
        );
        return { pem: readFileSync(file(`${name}.pem`), "utf8"), key: readFileSync(file(`${name}.key`), "utf8") };
    }

    return { makeCa, makeLeaf };
}
