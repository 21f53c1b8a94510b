/**
 * The IP-sync Lambda as shipped: the CallbackFunction archive the program serializes, written out and run
 * in a plain node process against loopback fakes of Cloudflare and EC2. Proves the archive is complete
 * (it resolves nothing but the runtime-provided SDK) and small.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startCloudflareIpsFake, CloudflareIpsFake } from "../../harness/fakes/cloudflareIpsFake";
import { startEc2QueryFake, Ec2QueryFake } from "../../harness/fakes/ec2QueryFake";
import {
    CLOUDFLARE_IPV4_CIDRS,
    CLOUDFLARE_IPV6_CIDRS,
    PREVIOUS_CLOUDFLARE_IPV4_CIDRS,
    cloudflareIpsAnswer,
} from "../../harness/fixtures/cloudflareIps";
import { invokeArchive, ipSyncFunction, WrittenArchive, writeArchive } from "../../harness/lambdaArchive";
import { sharedProgramRun } from "../../harness/sharedRuns";

let archive: WrittenArchive;
let cf: CloudflareIpsFake;
let ec2: Ec2QueryFake;
let v4: string;
let v6: string;
/** The function's environment exactly as the program configures it (aggregates, caps, pinned URL). */
let programEnv: Record<string, string>;

beforeAll(async () => {
    const run = await sharedProgramRun("main");
    const fn = ipSyncFunction(run.resources);
    programEnv = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    archive = writeArchive(fn, fs.mkdtempSync(path.join(os.tmpdir(), "osprey-ipsync-")));
    cf = await startCloudflareIpsFake();
    ec2 = await startEc2QueryFake();
});
afterAll(async () => {
    await cf?.stop();
    await ec2?.stop();
});
beforeEach(() => {
    v4 = ec2.addPrefixList({ addressFamily: "IPv4", entries: CLOUDFLARE_IPV4_CIDRS, maxEntries: 30 });
    v6 = ec2.addPrefixList({ addressFamily: "IPv6", entries: CLOUDFLARE_IPV6_CIDRS, maxEntries: 15 });
    cf.setAnswer(cloudflareIpsAnswer());
    ec2.clearCalls();
});

const invoke = async () =>
    invokeArchive(archive, {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKE0000",
        AWS_SECRET_ACCESS_KEY: "fake-secret-for-loopback-tests",
        AWS_ENDPOINT_URL_EC2: ec2.endpoint,
        ...programEnv,
        IPV4_PREFIX_LIST_ID: v4,
        IPV6_PREFIX_LIST_ID: v6,
        CLOUDFLARE_IPS_URL: cf.url,
    });

describe("the serialized IP-sync archive", () => {
    it("holds only the serialized handler, well under 100 KB", () => {
        expect(archive.files.map((f) => f.name)).toEqual(["__index.js"]);
        expect(archive.handler).toBe("__index.handler");
        expect(archive.totalBytes).toBeLessThan(100 * 1024);
        expect(fs.readFileSync(path.join(archive.dir, "__index.js"), "utf8")).not.toMatch(/@pulumi\//);
    });

    it("changes nothing when the lists already match (no write at all)", async () => {
        const run = await invoke();
        expect(run.error).toBeUndefined();
        expect(run.result).toMatchObject({ added: [], removed: [], refused: [], notify: false });
        expect(ec2.writes()).toHaveLength(0);
    });

    it("applies Cloudflare's real /12 → /13 + /14 split in one write", async () => {
        const old = ec2.addPrefixList({
            addressFamily: "IPv4",
            entries: PREVIOUS_CLOUDFLARE_IPV4_CIDRS,
            maxEntries: 30,
        });
        v4 = old;
        ec2.clearCalls();
        const run = await invoke();
        expect(run.error).toBeUndefined();
        expect(run.result?.added.sort()).toEqual(["104.16.0.0/13", "104.24.0.0/14"]);
        expect(run.result?.removed).toEqual(["104.16.0.0/12"]);
        expect(ec2.writes()).toHaveLength(1);
        expect(ec2.cidrs(v4)).toEqual([...CLOUDFLARE_IPV4_CIDRS].sort());
    });

    it("runs with the program's guard: a hostile range is refused and named, nothing written", async () => {
        expect(programEnv.CLOUDFLARE_IPS_URL).toBe("https://api.cloudflare.com/client/v4/ips");
        cf.setAnswer(cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "45.0.0.0/8"] }));
        const run = await invoke();
        expect(run.error).toBeUndefined();
        expect(run.result).toMatchObject({ added: [], refused: ["45.0.0.0/8"], notify: true });
        expect(ec2.writes()).toHaveLength(0);
    });

    it("refuses the program's pinned URL swapped for another host", async () => {
        const run = await invokeArchive(archive, {
            ...programEnv,
            IPV4_PREFIX_LIST_ID: v4,
            IPV6_PREFIX_LIST_ID: v6,
            CLOUDFLARE_IPS_URL: "https://evil.example/client/v4/ips",
        });
        expect(run.status).toBe(1);
        expect(run.error).toMatch(/upstream host is pinned/);
    });

    it("fails closed: an empty answer throws and writes nothing", async () => {
        cf.setAnswer(cloudflareIpsAnswer({ ipv4: [], ipv6: [] }));
        const run = await invoke();
        expect(run.status).toBe(1);
        expect(run.error).toMatch(/ipv4_cidrs is empty/);
        expect(ec2.writes()).toHaveLength(0);
        expect(ec2.cidrs(v4)).toEqual([...CLOUDFLARE_IPV4_CIDRS].sort());
    });
});
