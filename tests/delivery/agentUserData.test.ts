/**
 * The deployment agent's boot script (components/delivery/agent.ts), run rather than read (the release was
 * extracted unchecked). bash -n on the whole script; the release check run in a temp dir against a fake release signed
 * here (a P-256 key made for the test, signed the way `cosign sign-blob --key` signs: ECDSA over SHA-256, base64), good
 * and tampered; and the whole script run with stand-ins for dnf, systemctl, curl, tar (its paths moved into the temp
 * dir), to show a tampered release stops it before the agent is extracted or its service enabled: fail closed.
 */
import { spawnSync } from "child_process";
import { createHash, createPublicKey, generateKeyPairSync, KeyObject, sign } from "crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AGENT_RELEASE_PUBLIC_KEY, agentReleaseCheck, agentUserData } from "../../components/delivery/agent";

const TARBALL = "customer-managed-deployment-agent-v0.0.5-linux-arm64.tar.gz";
const userData = agentUserData({
    version: "0.0.5",
    tokenSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x",
    region: "us-east-1",
});

/** A release as goreleaser publishes it: the tarball, checksums.txt ("<sha256>  <name>" lines) and its signature. */
interface Release {
    tarball: Buffer;
    checksums: string;
    signature: string;
}
const keys = () => generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const release = (key: KeyObject, tarball = Buffer.from("agent binaries")): Release => {
    const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
    const checksums = `${sha("other")}  customer-managed-deployment-agent-v0.0.5-linux-x64.tar.gz\n${sha(tarball)}  ${TARBALL}\n`;
    return { tarball, checksums, signature: sign("sha256", Buffer.from(checksums), key).toString("base64") };
};
const pem = (k: KeyObject) => k.export({ type: "spki", format: "pem" }).toString();

let dir: string;
beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "agent-release-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeRelease = (into: string, r: Release) => {
    mkdirSync(into, { recursive: true });
    writeFileSync(join(into, TARBALL), r.tarball);
    writeFileSync(join(into, "checksums.txt"), r.checksums);
    writeFileSync(join(into, "checksums.txt.sig"), r.signature);
};
/**
 * Runs the release check in `dir` against the release, trusting `publicKey`. stdin is not a pipe: node's pipes are
 * sockets, and bash reads ~/.bashrc when its stdin is a socket (its rshd rule), which would add that file's noise.
 */
const check = (r: Release, publicKey: string) => {
    writeRelease(dir, r);
    const out = spawnSync("bash", ["-c", agentReleaseCheck(TARBALL, publicKey).join("\n")], {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
        encoding: "utf8",
    });
    return { status: out.status, stderr: out.stderr };
};

describe("agentUserData", () => {
    it("is valid bash (bash -n)", () => {
        const out = spawnSync("bash", ["-n"], { input: userData, encoding: "utf8" });
        expect([out.status, out.stderr]).toEqual([0, ""]);
    });

    it("downloads the tarball, checksums.txt and its signature from the release, and checks them before extracting", () => {
        const base = "https://github.com/pulumi/customer-managed-deployment-agent/releases/download/v0.0.5";
        const lines = userData.split("\n");
        const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
        for (const f of [TARBALL, "checksums.txt", "checksums.txt.sig"])
            expect(lines).toContain(`curl --fail --location --retry 3 -o ${f} ${base}/${f}`);
        const verify = at(/^openssl dgst -sha256 -verify release\.pub/);
        const sum = at(/sha256sum --check --strict/);
        const extract = at(/^tar -x/);
        expect(verify).toBeGreaterThan(0);
        expect(sum).toBeGreaterThan(verify);
        expect(extract).toBeGreaterThan(sum);
        expect(at(/systemctl enable --now pulumi-deployment-agent/)).toBeGreaterThan(extract);
        expect(lines[1]).toBe("set -euo pipefail");
    });

    it("trusts the upstream release key: cosign.pub of pulumi/customer-managed-deployment-agent, an EC P-256 key", () => {
        const key = createPublicKey(AGENT_RELEASE_PUBLIC_KEY);
        expect([key.asymmetricKeyType, key.asymmetricKeyDetails?.namedCurve]).toEqual(["ec", "prime256v1"]);
        // sha256 of the PEM as read at v1.4.1 (c5c3d114) and v0.0.5 (c6b4ff67): the same file.
        expect(createHash("sha256").update(`${AGENT_RELEASE_PUBLIC_KEY}\n`).digest("hex")).toBe(
            "ed8a211cc5efc093472091ed9766efc964b13853db8be406726e84393bb8830a",
        );
        expect(userData).toContain(AGENT_RELEASE_PUBLIC_KEY);
    });
});

describe("agentReleaseCheck, run against a fake release", () => {
    const { privateKey, publicKey } = keys();

    it("accepts a release whose signature and sha256 hold", () => {
        expect(check(release(privateKey), pem(publicKey))).toEqual({ status: 0, stderr: "" });
    });

    it("refuses a tampered tarball (its sha256 no longer matches)", () => {
        const r = { ...release(privateKey), tarball: Buffer.from("agent binaries, backdoored") };
        const out = check(r, pem(publicKey));
        expect(out.status).toBe(1);
        expect(out.stderr).toContain(`${TARBALL} does not match its sha256 in checksums.txt`);
    });

    it("refuses a checksums.txt rewritten for a tampered tarball (the signature no longer holds)", () => {
        const tampered = release(privateKey, Buffer.from("agent binaries, backdoored"));
        const out = check({ ...tampered, signature: release(privateKey).signature }, pem(publicKey));
        expect(out.status).toBe(1);
        expect(out.stderr).toContain("checksums.txt is not signed by the release key");
    });

    it("refuses a release signed by another key, and one signed by nobody", () => {
        const other = keys();
        expect(check(release(other.privateKey), pem(publicKey)).stderr).toContain("not signed by the release key");
        expect(check({ ...release(privateKey), signature: "" }, pem(publicKey)).status).toBe(1);
    });

    it("refuses a checksums.txt without the tarball, or with it twice", () => {
        const sign1 = (checksums: string): Release => ({
            ...release(privateKey),
            checksums,
            signature: sign("sha256", Buffer.from(checksums), privateKey).toString("base64"),
        });
        const good = release(privateKey).checksums;
        expect(check(sign1(good.split("\n")[0] + "\n"), pem(publicKey)).stderr).toContain(
            `lists no sha256 for ${TARBALL}`,
        );
        const line = good.split("\n")[1];
        expect(check(sign1(`${good}${line}\n`), pem(publicKey)).stderr).toContain(`lists ${TARBALL} twice`);
    });
});

describe("the whole boot script, with stand-ins for the machine's commands", () => {
    const { privateKey, publicKey } = keys();

    /** Runs agentUserData's script with PATH stand-ins, its /opt and /etc paths moved into `dir`, the release served from `served`. */
    const boot = (r: Release) => {
        const bin = join(dir, "bin");
        const served = join(dir, "served");
        const log = join(dir, "calls.log");
        mkdirSync(bin);
        writeRelease(served, r);
        const stub = (name: string, body = "") => {
            writeFileSync(join(bin, name), `#!/bin/bash\necho "${name} $*" >> ${log}\n${body}\n`);
            chmodSync(join(bin, name), 0o755);
        };
        for (const name of ["dnf", "systemctl", "useradd", "chown", "tar"]) stub(name);
        // curl -o FILE URL: the file of that name from the fake release.
        stub(
            "curl",
            'out=""; url=""; while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift;; http*) url="$1";; esac; shift; done; cp "' +
                served +
                '/$(basename "$url")" "$out"',
        );
        const script = userData
            .replace(AGENT_RELEASE_PUBLIC_KEY, pem(publicKey).trim())
            .replace(/\/opt\/pulumi-agent/g, join(dir, "opt"))
            .replace(/\/etc\/systemd\/system/g, join(dir, "etc"))
            .replace(/^install -d -o pulumi-agent /m, "install -d ");
        mkdirSync(join(dir, "etc"));
        const out = spawnSync("bash", ["-c", script], {
            cwd: dir,
            env: { PATH: `${bin}:${process.env.PATH ?? ""}`, TMPDIR: dir },
            stdio: ["ignore", "pipe", "pipe"],
            encoding: "utf8",
        });
        return { status: out.status, stderr: out.stderr, calls: existsSync(log) ? readFileSync(log, "utf8") : "" };
    };

    it("a good release is extracted and the service enabled", () => {
        const out = boot(release(privateKey));
        expect([out.status, out.stderr]).toEqual([0, ""]);
        expect(out.calls).toMatch(new RegExp(`^tar -xzf ${TARBALL.replace(/\./g, "\\.")} -C `, "m"));
        expect(out.calls).toContain("systemctl enable --now pulumi-deployment-agent");
        expect(existsSync(join(dir, "etc", "pulumi-deployment-agent.service"))).toBe(true);
    });

    it("a tampered release stops the script: nothing extracted, no service written or enabled", () => {
        const out = boot({ ...release(privateKey), tarball: Buffer.from("agent binaries, backdoored") });
        expect(out.status).toBe(1);
        expect(out.stderr).toContain("the agent is not installed");
        expect(out.calls).not.toMatch(/^tar /m);
        expect(out.calls).not.toContain("pulumi-deployment-agent");
        expect(existsSync(join(dir, "etc", "pulumi-deployment-agent.service"))).toBe(false);
        expect(existsSync(join(dir, "opt", "start.sh"))).toBe(false);
    });
});
