/**
 * Perimeter policies: the ALB admits only Cloudflare (the linchpin of the network security model),
 * nothing admits the internet, and demo has no Access bypass. Each: compliant, non-compliant, missing property.
 */
import { unknown } from "@pulumi/pulumi/output";
import { ALB_ROLE_TAG, COMPONENT_TYPES } from "../../policy/contract";
import { awsProvider, check, checkStack, res, violationsOf } from "./helpers";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const ALB_TAGS = { Name: "main-alb", [ALB_ROLE_TAG.key]: ALB_ROLE_TAG.value };
const ENV = COMPONENT_TYPES.environment;
const https = { ipProtocol: "tcp", fromPort: 443, toPort: 443 };
const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
const CF_TAGS = { Name: "osprey-cloudflare-ipv4", "osprey:role": "cloudflare-ranges" };

describe("alb-ingress-cloudflare-only", () => {
    const run = (type: string, props: Record<string, unknown>) => check("alb-ingress-cloudflare-only", { type, props });

    it("passes an ALB group whose inline rules admit TCP 443 from prefix lists, and a private group", async () => {
        expect(
            await run(SG, {
                tags: ALB_TAGS,
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-0a1b2c3d"] }],
            }),
        ).toEqual([]);
        expect(await run(INGRESS, { ...https, cidrIpv4: "10.40.0.0/16" })).toEqual([]);
    });

    it("flags the whole internet in every spelling (inline, SecurityGroupRule, SecurityGroupIngressRule, IPv4 and IPv6)", async () => {
        expect(
            await run(SG, { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }),
        ).toHaveLength(1);
        expect(
            await run(SG, { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }] }),
        ).toHaveLength(1);
        expect(
            await run(SG_RULE, {
                type: "ingress",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrBlocks: ["0.0.0.0/0"],
            }),
        ).toHaveLength(1);
        expect(await run(INGRESS, { ...https, cidrIpv6: "::/0" })).toHaveLength(1);
        // Egress to anywhere is not ingress.
        expect(
            await run(SG_RULE, { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
        ).toEqual([]);
    });

    it("flags an ALB group admitting a CIDR (even a narrow one), another port, or no prefix list", async () => {
        const [cidr] = await run(SG, {
            tags: ALB_TAGS,
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["198.51.100.0/24"] }],
        });
        expect(cidr).toMatch(/CIDR blocks besides prefix lists/);
        const [port] = await run(SG, {
            tags: ALB_TAGS,
            ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, prefixListIds: ["pl-0a1b2c3d"] }],
        });
        expect(port).toMatch(/tcp 80-80, not TCP 443/);
        const [tagged] = await run(INGRESS, { ...https, tags: ALB_TAGS, referencedSecurityGroupId: "sg-0123" });
        expect(tagged).toMatch(/referencedSecurityGroupId/);
    });

    it("handles missing properties: no ingress at all passes; an ALB rule with no source admits no prefix list", async () => {
        expect(await run(SG, {})).toEqual([]);
        expect(await run(INGRESS, {})).toEqual([]);
        expect(await run(INGRESS, { ...https, tags: ALB_TAGS })).toEqual([
            expect.stringMatching(/admits no prefix list/),
        ]);
    });
});

describe("alb-ingress-cloudflare-only: the role tag is a contract fact", () => {
    const component = res({ type: COMPONENT_TYPES.albSecurityGroup, name: "main-alb" });
    const under = (type: string, props: Record<string, unknown>) =>
        check("alb-ingress-cloudflare-only", { type, props, parent: component });

    it("passes the program's shape: a tagged group and a TCP 443 prefix-list rule under the ALB component", async () => {
        expect(await under(SG, { tags: ALB_TAGS })).toEqual([]);
        expect(await under(INGRESS, { ...https, prefixListId: "pl-1" })).toEqual([]);
    });
    it("judges a rule under the ALB component as an ALB rule without any tag", async () => {
        expect(await under(INGRESS, { ...https, cidrIpv4: "10.0.0.0/8" })).toEqual([
            expect.stringMatching(/CIDR blocks besides prefix lists/),
        ]);
    });
    it("reports a group under the ALB component whose role tag is missing or another role, naming the tag to set", async () => {
        expect(await under(SG, { tags: { Name: "main-alb" } })).toEqual([
            expect.stringContaining(`no ${ALB_ROLE_TAG.key} tag; tag it ${ALB_ROLE_TAG.key}=alb`),
        ]);
        expect(await under(SG, {})).toEqual([expect.stringContaining(`no ${ALB_ROLE_TAG.key} tag`)]);
        expect(await under(SG, { tags: { [ALB_ROLE_TAG.key]: "database" } })).toEqual([
            expect.stringContaining(`${ALB_ROLE_TAG.key}=database`),
        ]);
    });
    it("leaves a role tag unknown during preview to the SDK's advisory, neither passing nor failing it", async () => {
        const group = res({
            type: SG,
            props: { tags: unknown, ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, prefixListIds: ["pl-1"] }] },
        });
        expect(await violationsOf("alb-ingress-cloudflare-only", [group])).toEqual([
            expect.objectContaining({
                level: "advisory",
                message: expect.stringContaining("can't run policy 'alb-ingress-cloudflare-only' during preview"),
            }),
        ]);
        // Under the ALB component the group is an ALB group by structure: its rules are judged, the tag check waits.
        const known = res({
            type: SG,
            parent: component,
            props: { tags: unknown, ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, prefixListIds: ["pl-1"] }] },
        });
        expect(await violationsOf("alb-ingress-cloudflare-only", [component, known])).toEqual([
            expect.objectContaining({ level: "mandatory", message: expect.stringMatching(/tcp 80-80, not TCP 443/) }),
        ]);
    });
});

describe("alb-rules-cloudflare-only", () => {
    function albWith(rule: Record<string, unknown>, type = INGRESS) {
        const group = res({ type: SG, name: "main-alb", props: { tags: ALB_TAGS } });
        return [group, res({ type, name: "main-alb-rule", props: rule, deps: { securityGroupId: [group] } })];
    }

    it("passes HTTPS from a prefix list on the ALB group (the program's own rule shape)", async () => {
        const cf = res({ type: PREFIX_LIST, name: "osprey-ipv4", props: { tags: CF_TAGS } });
        const group = res({ type: SG, name: "main-alb", props: { tags: ALB_TAGS } });
        const rule = res({
            type: INGRESS,
            props: { ...https, prefixListId: "pl-7f31955e8c5c38ad2" },
            deps: { securityGroupId: [group], prefixListId: [cf] },
        });
        expect(await checkStack("alb-rules-cloudflare-only", [cf, group, rule])).toEqual([]);
    });

    it("flags a rule tied to the ALB group by reference that admits anything else, reported on the rule", async () => {
        const records = albWith({ ...https, cidrIpv4: "203.0.113.0/24" });
        const v = await checkStack("alb-rules-cloudflare-only", records);
        expect(v).toEqual([
            {
                message: expect.stringMatching(/main-alb-rule on ALB security group main-alb admits CIDR blocks/),
                urn: records[1].urn,
            },
        ]);
        const legacy = albWith(
            { type: "ingress", protocol: "tcp", fromPort: 0, toPort: 65535, prefixListIds: ["pl-1"] },
            SG_RULE,
        );
        // The port, and the list: pl-1 is not one of the stack's two Cloudflare lists.
        expect((await checkStack("alb-rules-cloudflare-only", legacy)).map((v) => v.message)).toEqual([
            expect.stringMatching(/tcp 0-65535, not TCP 443/),
            expect.stringMatching(/admits prefix list pl-1, which is neither/),
        ]);
    });

    it("matches by equal known group id when there is no dependency, and ignores rules of other groups", async () => {
        const group = res({ type: SG, props: { tags: ALB_TAGS, id: "sg-0alb" } });
        const other = res({ type: SG, props: { tags: { "osprey:role": "database" } } });
        const byId = res({ type: INGRESS, props: { ...https, securityGroupId: "sg-0alb", cidrIpv4: "10.0.0.0/8" } });
        const onOther = res({
            type: INGRESS,
            props: { fromPort: 5432, toPort: 5432, ipProtocol: "tcp", cidrIpv4: "10.0.0.0/8" },
            deps: { securityGroupId: [other] },
        });
        expect(
            (await checkStack("alb-rules-cloudflare-only", [group, other, byId, onOther])).map((v) => v.urn),
        ).toEqual([byId.urn]);
    });

    it("requires every Environment to have a tagged ALB group beneath it (missing fact: reported on the environment)", async () => {
        const env = res({ type: ENV, name: "main", props: { environment: "main", apiReplicas: 2 } });
        const tagged = res({ type: SG, parent: env, props: { tags: ALB_TAGS } });
        expect(await checkStack("alb-rules-cloudflare-only", [env, tagged])).toEqual([]);
        const untagged = res({ type: SG, parent: env, props: { tags: { Name: "main-alb" } } });
        expect(await checkStack("alb-rules-cloudflare-only", [env, untagged])).toEqual([
            {
                message: expect.stringContaining(
                    `main (${ENV}) has no security group beneath it tagged ${ALB_ROLE_TAG.key}=alb`,
                ),
                urn: env.urn,
            },
        ]);
        // Unknown during preview: the SDK's advisory, not a violation.
        const pending = res({ type: SG, parent: env, props: { tags: unknown } });
        expect(await violationsOf("alb-rules-cloudflare-only", [env, pending])).toEqual([
            expect.objectContaining({ level: "advisory" }),
        ]);
    });

    describe("exactly our two Cloudflare prefix lists, by identity", () => {
        const setup = (componentFacts?: unknown) => {
            const component = res({
                type: COMPONENT_TYPES.albSecurityGroup,
                name: "demo-alb",
                props: componentFacts === undefined ? {} : { cloudflarePrefixListIds: componentFacts },
            });
            const group = res({ type: SG, name: "demo-alb", parent: component, props: { tags: ALB_TAGS } });
            const rule = (prefixListId: string, deps: Record<string, ReturnType<typeof res>[]> = {}) =>
                res({
                    type: INGRESS,
                    parent: component,
                    props: { ...https, prefixListId },
                    deps: { securityGroupId: [group], ...deps },
                });
            return { component, group, rule };
        };

        it("passes the stack's own tagged lists (main) and the ids the component registers from the StackReference (demo)", async () => {
            const v4 = res({ type: PREFIX_LIST, name: "osprey-ipv4", props: { tags: CF_TAGS } });
            const v6 = res({ type: PREFIX_LIST, name: "osprey-ipv6", props: { tags: CF_TAGS } });
            const main = setup(["pl-4", "pl-6"]);
            expect(
                await checkStack("alb-rules-cloudflare-only", [
                    v4,
                    v6,
                    main.component,
                    main.group,
                    main.rule("pl-4", { prefixListId: [v4] }),
                    main.rule("pl-6", { prefixListId: [v6] }),
                ]),
            ).toEqual([]);
            const demo = setup(["pl-4", "pl-6"]);
            expect(
                await checkStack("alb-rules-cloudflare-only", [
                    demo.component,
                    demo.group,
                    demo.rule("pl-4"),
                    demo.rule("pl-6"),
                ]),
            ).toEqual([]);
        });

        it("flags any other list (an untagged list of the stack, or an id the component does not name) and a missing family", async () => {
            const other = res({ type: PREFIX_LIST, name: "partner", props: { tags: { Name: "partner" } } });
            const v4 = res({ type: PREFIX_LIST, name: "osprey-ipv4", props: { tags: CF_TAGS } });
            const v6 = res({ type: PREFIX_LIST, name: "osprey-ipv6", props: { tags: CF_TAGS } });
            const main = setup(["pl-4", "pl-6"]);
            const v = await checkStack("alb-rules-cloudflare-only", [
                v4,
                v6,
                other,
                main.component,
                main.group,
                main.rule("pl-4", { prefixListId: [v4] }),
                main.rule("pl-x", { prefixListId: [other] }),
            ]);
            expect(v.map((x) => x.message)).toEqual([
                expect.stringMatching(/admits prefix list pl-x, which is neither/),
                expect.stringMatching(/references 1 of the 2 Cloudflare prefix lists/),
            ]);
            const demo = setup(["pl-4", "pl-6"]);
            expect(
                (
                    await checkStack("alb-rules-cloudflare-only", [
                        demo.component,
                        demo.group,
                        demo.rule("pl-4"),
                        demo.rule("pl-0evil"),
                    ])
                ).map((x) => x.message),
            ).toEqual([
                expect.stringMatching(/admits prefix list pl-0evil/),
                expect.stringMatching(/references 1 of the 2/),
            ]);
        });

        it("fails closed when the component registers no ids and the stack holds no tagged list", async () => {
            const bare = setup();
            expect(
                await checkStack("alb-rules-cloudflare-only", [bare.component, bare.group, bare.rule("pl-4")]),
            ).toEqual([
                {
                    message: expect.stringMatching(/admits prefix list pl-4, which is neither/),
                    urn: expect.any(String),
                },
            ]);
        });
    });

    it("handles missing properties: a rule with no source or ports on the ALB group is refused", async () => {
        expect(await checkStack("alb-rules-cloudflare-only", albWith({}))).toEqual([
            { message: expect.stringMatching(/admits no prefix list/), urn: expect.any(String) },
        ]);
    });
});

describe("demo-access-no-bypass", () => {
    const POLICY = "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy";
    const APP = "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication";
    const bypass = { decision: "bypass", includes: [{ ip: { ip: "203.0.113.0/24" } }] };

    it("passes demo with allow policies, and main with an office bypass (main allows bypass from office IPs)", async () => {
        expect(
            await checkStack("demo-access-no-bypass", [
                awsProvider("demo"),
                res({ type: POLICY, props: { decision: "allow" } }),
            ]),
        ).toEqual([]);
        expect(
            await checkStack("demo-access-no-bypass", [awsProvider("main"), res({ type: POLICY, props: bypass })]),
        ).toEqual([]);
    });

    it("flags a standalone bypass policy and an inline bypass in an application in demo", async () => {
        const standalone = res({ type: POLICY, name: "demo-office", props: bypass });
        const app = res({
            type: APP,
            name: "demo-app",
            props: {
                policies: [
                    { id: "p1", precedence: 1 },
                    { decision: "Bypass", precedence: 2 },
                ],
            },
        });
        const v = await checkStack("demo-access-no-bypass", [awsProvider("demo"), standalone, app]);
        expect(v).toEqual([
            { message: expect.stringContaining("demo-office has decision bypass in demo"), urn: standalone.urn },
            { message: expect.stringContaining("demo-app inline policy 2"), urn: app.urn },
        ]);
    });

    it("reads the environment from a resource's provider too, and fails safe when providers disagree", async () => {
        const demo = awsProvider("demo");
        const tagged = res({ type: "aws:s3/bucket:Bucket", provider: demo });
        expect(
            await checkStack("demo-access-no-bypass", [demo, tagged, res({ type: POLICY, props: bypass })]),
        ).toHaveLength(1);
        expect(
            await checkStack("demo-access-no-bypass", [
                awsProvider("main"),
                awsProvider("demo"),
                res({ type: POLICY, props: bypass }),
            ]),
        ).toHaveLength(1);
    });

    it("handles missing properties: no decision or policies pass; no environment at all is reported (fails closed)", async () => {
        expect(
            await checkStack("demo-access-no-bypass", [awsProvider("demo"), res({ type: POLICY }), res({ type: APP })]),
        ).toEqual([]);
        expect(await checkStack("demo-access-no-bypass", [res({ type: POLICY, props: bypass })])).toEqual([
            { message: expect.stringContaining("the stack's environment cannot be determined"), urn: undefined },
        ]);
        // A stack without Access resources has nothing to judge.
        expect(await checkStack("demo-access-no-bypass", [res({ type: "aws:s3/bucket:Bucket" })])).toEqual([]);
    });

    it("reads the Environment component's environment fact, and reports it missing or malformed", async () => {
        const demo = res({ type: ENV, name: "demo", props: { environment: "demo", apiReplicas: 1 } });
        expect(
            await checkStack("demo-access-no-bypass", [demo, res({ type: POLICY, props: { decision: "allow" } })]),
        ).toEqual([]);
        expect(await checkStack("demo-access-no-bypass", [demo, res({ type: POLICY, props: bypass })])).toEqual([
            expect.objectContaining({ message: expect.stringContaining("has decision bypass in demo") }),
        ]);
        const bare = res({ type: ENV, name: "demo", props: { apiReplicas: 1 } });
        const odd = res({ type: ENV, name: "demo", props: { environment: "staging", apiReplicas: 1 } });
        expect(await checkStack("demo-access-no-bypass", [awsProvider("demo"), bare])).toEqual([
            { message: expect.stringContaining(`${ENV} demo registers no environment`), urn: bare.urn },
        ]);
        expect(await checkStack("demo-access-no-bypass", [awsProvider("demo"), odd])).toEqual([
            {
                message: expect.stringContaining('registers environment = "staging", not one of main, demo'),
                urn: odd.urn,
            },
        ]);
    });
});

describe("sg-ingress-not-internet", () => {
    const group = () => res({ type: SG, name: "web", props: { id: "sg-0web" } });
    const rule = (
        cidrIpv4: string,
        target: Record<string, unknown>,
        deps: Record<string, ReturnType<typeof res>[]> = {},
    ) => res({ type: INGRESS, props: { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4, ...target }, deps });

    it("passes narrow rules on one group, and a lone /0 (alb-ingress-cloudflare-only reports that one)", async () => {
        const g = group();
        expect(
            await checkStack("sg-ingress-not-internet", [
                g,
                rule("203.0.113.0/24", {}, { securityGroupId: [g] }),
                rule("198.51.100.0/24", {}, { securityGroupId: [g] }),
            ]),
        ).toEqual([]);
        expect(
            await checkStack("sg-ingress-not-internet", [
                g,
                rule("0.0.0.0/0", {}, { securityGroupId: [g] }),
                rule("198.51.100.0/24", {}, { securityGroupId: [g] }),
            ]),
        ).toEqual([]);
    });

    it("flags /11s that are each below the share but together above it, on a group in the stack or one outside it named by id", async () => {
        const g = group();
        // Each /11 is 1/2048 of IPv4 (below the default 1/1024); three of them are 3/2048.
        const v = await checkStack("sg-ingress-not-internet", [
            g,
            rule("11.0.0.0/11", {}, { securityGroupId: [g] }),
            rule("11.32.0.0/11", { securityGroupId: "sg-0web" }),
            rule("11.64.0.0/11", {}, { securityGroupId: [g] }),
        ]);
        expect(v).toEqual([
            {
                message: expect.stringMatching(/security group web: its ingress .* together cover 0\.1\d?% of IPv4/),
                urn: g.urn,
            },
        ]);
        const outside = await checkStack(
            "sg-ingress-not-internet",
            ["11.0.0.0/11", "11.32.0.0/11", "11.64.0.0/11"].map((c) => rule(c, { securityGroupId: "sg-0theirs" })),
        );
        expect(outside).toEqual([
            {
                message: expect.stringMatching(/security group sg-0theirs \(outside this stack\)/),
                urn: expect.any(String),
            },
        ]);
    });

    it("keeps rules without a known target apart (missing securityGroupId)", async () => {
        expect(
            await checkStack(
                "sg-ingress-not-internet",
                ["11.0.0.0/11", "11.32.0.0/11", "11.64.0.0/11"].map((c) => rule(c, {})),
            ),
        ).toEqual([]);
    });
});
