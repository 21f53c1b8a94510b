/**
 * The GitOps layer's rules on single values (pure: used by config/settings.ts to check stack input and by the
 * components' own argument checks). Each returns the problem, with the fix, or undefined.
 */
import { X509Certificate } from "crypto";

/** https://host/path.git or https://host/owner/repo (no credentials in the URL, no trailing slash). */
export function gitRepoUrlProblem(v: string): string | undefined {
    if (!/^https:\/\/[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9_.-]+)+$/.test(v) || v.includes("@")) {
        return `"${v}" is not an HTTPS Git URL without credentials, e.g. https://github.com/osprey-strike/osprey-strike.git`;
    }
    return undefined;
}

/** A branch name Argo CD can track and Image Updater can push to (no wildcard, no ref range, no leading dash). */
export function gitRevisionProblem(v: string): string | undefined {
    return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(v) && !v.includes("..") && !v.endsWith("/") && !v.endsWith(".lock")
        ? undefined
        : `"${v}" is not a branch name like main`;
}

/** A relative directory inside the repository (no leading or trailing slash, no ..). */
export function gitPathProblem(v: string): string | undefined {
    return /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(v) && !v.split("/").includes("..")
        ? undefined
        : `"${v}" is not a relative directory like kubernetes (no leading or trailing slash, no ..)`;
}

/** https://host[:port][/path], no query or fragment, no trailing slash (a base URL others are appended to). */
export function httpsUrlProblem(v: string): string | undefined {
    return /^https:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9_.~-]+)*$/.test(v)
        ? undefined
        : `"${v}" is not an https:// URL without query, fragment or trailing slash, e.g. https://localhost:8080`;
}

/** Google Workspace's SAML SSO URL (Admin console, the custom SAML app's "SSO URL"). */
export function samlSsoUrlProblem(v: string): string | undefined {
    return /^https:\/\/accounts\.google\.com\/o\/saml2\/idp\?idpid=[A-Za-z0-9_-]+$/.test(v)
        ? undefined
        : `"${v}" is not Google's SAML SSO URL https://accounts.google.com/o/saml2/idp?idpid=<id> (Admin console > the SAML app > Download metadata)`;
}

/** Dex's `caData`: base64 of a PEM X.509 certificate, which must parse. */
export function caDataProblem(v: string): string | undefined {
    const fix =
        "set the base64 of the PEM certificate Google's SAML app offers for download (base64 -w0 GoogleIDPCertificate.pem)";
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return `is not base64 on one line; ${fix}`;
    const pem = Buffer.from(v, "base64").toString("utf8");
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) return `does not decode to a PEM certificate; ${fix}`;
    try {
        new X509Certificate(pem);
    } catch {
        return `decodes to a PEM block that is not a valid X.509 certificate; ${fix}`;
    }
    return undefined;
}

/** A subject in Argo CD's policy.csv: one CSV field, so no comma, quote or whitespace at the ends; no glob. */
export function rbacSubjectProblem(v: string): string | undefined {
    return v.length > 0 && !/[,"*\n\r]/.test(v) && v.trim() === v
        ? undefined
        : `"${v}" cannot be a policy.csv subject (no commas, quotes, * or surrounding spaces)`;
}
