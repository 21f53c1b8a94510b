/**
 * Image Updater's ECR login as the pod runs it: the real script text (ecrAuthScript, as the chart mounts it under
 * /scripts) and the environment the chart values give the container, with a fake `aws` first on PATH, on a root where
 * only the pod's emptyDirs are writable. Why: chart 1.2.4 sets `readOnlyRootFilesystem: true` (its values.yaml, kept in
 * tests/gitops/charts/), the image runs as uid 1000 with HOME=/app (Image Updater's Dockerfile at v1.2.2), and AWS CLI v2
 * creates `$HOME/.aws/cli/cache` for the IRSA login (aws-cli 2.36.7 awscli/customizations/assumerole.py), which failed
 * with "[Errno 30] Read-only file system: '/app/.aws'" (argoproj-labs/argocd-image-updater issue #720).
 *
 * The read-only root is emulated by permissions: every directory of the tree belongs to root with mode 0555 except the
 * emptyDirs, and the script runs as uid 1000 (we run as root here; root ignores permissions, uid 1000 does not). Run
 * as another user, the test runs the script as itself on the same modes.
 */
import { spawnSync } from "node:child_process";
import {
    chmodSync,
    chownSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    rmSync,
    statSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { GITOPS_RESOURCES } from "../../components/gitops/charts";
import { ECR_AUTH_SCRIPT, EXT_SCRIPT_TIMEOUT_SECONDS, imageUpdaterValues } from "../../components/gitops/imageUpdater";
import { quantity } from "../kubernetes/render";

const REGION = "us-east-1";
const ROLE_ARN = "arn:aws:iam::123456789012:role/osprey-argocd-image-updater";
const values = imageUpdaterValues({
    region: REGION,
    registryHost: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
    roleArn: ROLE_ARN,
});
/** The chart's keys, read as optional: without them (the bug back) the tests fail on the login, not on a TypeError. */
const chartKeys = values as {
    extraEnv?: { name: string; value: string }[];
    volumes?: { name: string; emptyDir?: object }[];
    volumeMounts?: { name: string; mountPath: string }[];
};

/** The image: `adduser --home "/app" --uid 1000`, `USER 1000` (Dockerfile at v1.2.2); alpine's PATH. */
const IMAGE_UID = 1000;
const IMAGE_ENV = { HOME: "/app", PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" };
/** What EKS's pod identity webhook adds for the IRSA annotation on the service account. */
const IRSA_ENV = {
    AWS_ROLE_ARN: ROLE_ARN,
    AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
    AWS_STS_REGIONAL_ENDPOINTS: "regional",
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
};
/** The chart's own emptyDir (templates/deployment.yaml at 1.2.4 mounts one at /tmp) plus the values' emptyDirs. */
const CHART_EMPTY_DIRS = ["/tmp"];
const valuesEmptyDirs = () => {
    const empty = new Set((chartKeys.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
    return (chartKeys.volumeMounts ?? []).filter((m) => empty.has(m.name)).map((m) => m.mountPath);
};

/**
 * The fake CLI. Records its argv and environment, reads the web identity token and the config files the real CLI
 * reads, and writes where the real one writes for an IRSA login: botocore's JSONFileCache under `$HOME/.aws/cli/cache`,
 * `os.makedirs` first (the folder derives from HOME only). On failure, exit 255 with the error, as the CLI does.
 * Prints the token as `--output text` does: base64 of `AWS:password` and a newline.
 */
const FAKE_AWS = `#!/bin/sh
printf '%s\\n' "$@" > "$FAKE_AWS_RECORD/argv"
cat "$AWS_WEB_IDENTITY_TOKEN_FILE" > /dev/null || exit 255
for f in "\${AWS_CONFIG_FILE:-$HOME/.aws/config}" "\${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}"; do
    if [ -e "$f" ]; then cat "$f" > /dev/null || exit 255; fi
done
cache="$HOME/.aws/cli/cache"
mkdir -p "$cache" || exit 255
printf '{"Credentials": {"AccessKeyId": "ASIAFAKE"}}' > "$cache/0123456789abcdef.json" || exit 255
printf '%s\\n' "${Buffer.from("AWS:password").toString("base64")}"
`;

const asRoot = process.getuid?.() === 0;
/** Root switches to the image's uid; can it here? (Node's spawn uid/gid, which also drops supplementary groups.) */
const canSwitch =
    asRoot && spawnSync("/bin/sh", ["-c", 'test "$(id -u)" = 1000'], { uid: IMAGE_UID, gid: IMAGE_UID }).status === 0;
const runnable = process.platform === "linux" && (!asRoot || canSwitch);
const runUid = asRoot ? IMAGE_UID : process.getuid!();
const runGid = asRoot ? IMAGE_UID : process.getgid!();

/** Every path under `dir`. */
const tree = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = join(dir, e.name);
        return e.isDirectory() ? [p, ...tree(p)] : [p];
    });
const isDir = (p: string) => statSync(p).isDirectory();

const base = mkdtempSync(join(tmpdir(), "ecr-login-"));
chmodSync(base, 0o755); // the script's user must reach its root
afterAll(() => {
    for (const d of tree(base).filter(isDir)) chmodSync(d, 0o755);
    rmSync(base, { recursive: true, force: true });
});

/** A pod's file system under `base/<name>`: read-only but for `writable`; the script, the fake CLI, the token file. */
function podRoot(name: string, writable: string[]) {
    const root = join(base, name);
    const mk = (p: string) => mkdirSync(p, { recursive: true });
    const file = (p: string, text: string) => {
        mk(dirname(p));
        writeFileSync(p, text);
        chmodSync(p, 0o555);
    };
    mk(join(root, IMAGE_ENV.HOME));
    file(join(root, "scripts", ECR_AUTH_SCRIPT), values.authScripts.scripts[ECR_AUTH_SCRIPT]);
    file(join(root, "fake-bin", "aws"), FAKE_AWS);
    file(join(root, IRSA_ENV.AWS_WEB_IDENTITY_TOKEN_FILE), "eyJhbGciOi.fake.jwt");
    const record = join(base, `${name}-record`);
    mkdirSync(record);
    for (const w of writable) mk(join(root, w));
    for (const d of [root, ...tree(root).filter(isDir)]) chmodSync(d, 0o555);
    for (const w of [record, ...writable.map((w) => join(root, w))]) {
        if (asRoot) chownSync(w, runUid, runGid);
        chmodSync(w, 0o777); // an emptyDir's mode
    }
    return { root, record };
}

/** Runs /scripts/ecr-login.sh in `root` with a container environment; absolute paths in it move under `root`. */
function login(pod: { root: string; record: string }, containerEnv: Record<string, string>) {
    const env: Record<string, string> = { FAKE_AWS_RECORD: pod.record };
    for (const [k, v] of Object.entries(containerEnv)) env[k] = v.startsWith("/") && k !== "PATH" ? pod.root + v : v;
    // The image's binaries are the host's here (sh, base64, mkdir); the fake comes first.
    env.PATH = `${join(pod.root, "fake-bin")}:${containerEnv.PATH}`;
    const before = new Set(tree(pod.root));
    const r = spawnSync(join(pod.root, "scripts", ECR_AUTH_SCRIPT), [], {
        env,
        cwd: join(pod.root, IMAGE_ENV.HOME),
        encoding: "utf8",
        timeout: EXT_SCRIPT_TIMEOUT_SECONDS * 1000,
        ...(asRoot ? { uid: runUid, gid: runGid } : {}),
    });
    const created = tree(pod.root).filter((p) => !before.has(p));
    const argv = (() => {
        try {
            return readFileSync(join(pod.record, "argv"), "utf8").split("\n").slice(0, -1);
        } catch {
            return undefined;
        }
    })();
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, created, argv };
}

const withValues: Record<string, string> = {
    ...IMAGE_ENV,
    ...IRSA_ENV,
    ...Object.fromEntries((chartKeys.extraEnv ?? []).map((e) => [e.name, e.value])),
};
const imageOnly = { ...IMAGE_ENV, ...IRSA_ENV };

(runnable ? describe : describe.skip)(`the ECR login on a read-only root, as uid ${runUid}`, () => {
    it("prints exactly one line AWS:password, and the CLI writes only under the values' emptyDir", () => {
        const emptyDirs = valuesEmptyDirs();
        const pod = podRoot("fixed", [...CHART_EMPTY_DIRS, ...emptyDirs]);
        const r = login(pod, withValues);
        expect(r.stderr).toBe("");
        expect([r.status, r.stdout]).toEqual([0, "AWS:password\n"]);
        // What Image Updater makes of it (registry-scanner/pkg/image/credentials.go and argoproj/pkg exec at v1.2.2).
        const out = r.stdout.replace(/\n$/, "");
        expect([out.slice(0, out.indexOf(":")), out.slice(out.indexOf(":") + 1)]).toEqual(["AWS", "password"]);
        expect(r.argv).toEqual([
            "ecr",
            "get-authorization-token",
            "--region",
            REGION,
            "--cli-connect-timeout",
            "2",
            "--cli-read-timeout",
            "2",
            "--output",
            "text",
            "--query",
            "authorizationData[0].authorizationToken",
        ]);
        expect(emptyDirs).toHaveLength(1);
        const home = join(pod.root, emptyDirs[0]);
        expect(r.created.length).toBeGreaterThan(0);
        expect(r.created.filter((p) => !p.startsWith(`${home}/`))).toEqual([]);
        expect(r.created).toContain(join(home, ".aws", "cli", "cache", "0123456789abcdef.json"));
        // The config files the CLI reads are under it too, whatever HOME is.
        for (const k of ["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"] as const)
            expect(withValues[k]).toMatch(new RegExp(`^${emptyDirs[0]}/`));
    });

    it("fails, writing nothing, with the image's own environment (the bug: HOME=/app on the read-only root)", () => {
        const pod = podRoot("image-env", [...CHART_EMPTY_DIRS, ...valuesEmptyDirs()]);
        const r = login(pod, imageOnly);
        expect(r.status).not.toBe(0);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain(join(pod.root, "app", ".aws"));
        expect(r.created).toEqual([]);
    });

    it("fails with the environment but without the emptyDir (HOME on the read-only root)", () => {
        const pod = podRoot("no-volume", CHART_EMPTY_DIRS);
        const r = login(pod, withValues);
        expect(r.status).not.toBe(0);
        expect(r.stdout).toBe("");
        expect(r.created).toEqual([]);
    });
});

if (!runnable) {
    it.skip(`ECR login on a read-only root: cannot run the script as uid ${IMAGE_UID} here (root without setuid, or not Linux)`, () => {});
}

it("keeps the chart's read-only root: the values leave its securityContext alone (readOnlyRootFilesystem: true at 1.2.4)", () => {
    const chart = parse(readFileSync(join(__dirname, "charts", "argocd-image-updater-1.2.4.values.yaml"), "utf8")) as {
        securityContext: object;
    };
    expect(chart.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(values).not.toHaveProperty("securityContext");
});

describe("the ECR login's time inside Image Updater's 10 s", () => {
    it("leaves the CLI's measured start-up a quarter of the timeout at the CPU limit (charts.ts: up to 1.3 CPU-seconds)", () => {
        const cpuSeconds = 1.3;
        expect(cpuSeconds / quantity(GITOPS_RESOURCES.imageUpdater.limits.cpu)).toBeLessThanOrEqual(
            EXT_SCRIPT_TIMEOUT_SECONDS / 4,
        );
    });
});
