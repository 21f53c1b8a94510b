/**
 * Resource lists for the cost estimator's golden tests, shaped exactly as the offline plan records them
 * ({ type, urn, name, props }) with URNs whose type chains carry the parent components.
 *
 * The required topology (docs/requirements.md, Cost): one EKS control plane, t3.medium × 2 nodes, one ALB
 * per environment (main, demo), db.t4g.small × 2 (one RDS per environment), ECR for the 4 components.
 */
import { estimateMonthlyCost, type CostResource } from "../../policy/cost";

/** The day every golden figure is computed for (support calendars): Kubernetes 1.35 is in standard support until 2027-03-27. */
export const ASOF = new Date("2026-12-01T12:00:00Z");

/** estimateMonthlyCost on ASOF: golden figures must not move with the calendar. */
export const estimateAt = (
    resources: CostResource[],
    usage?: Parameters<typeof estimateMonthlyCost>[1],
    options: Parameters<typeof estimateMonthlyCost>[2] = {},
) => estimateMonthlyCost(resources, usage, { asOf: ASOF, ...options });

const URN_PREFIX = "urn:pulumi:main::osprey-strike::";

/** A resource whose URN nests it under `parents` (outermost first). */
export function res(
    type: string,
    name: string,
    props: Record<string, unknown> = {},
    parents: string[] = [],
): CostResource {
    return { type, name, props, urn: `${URN_PREFIX}${[...parents, type].join("$")}::${name}` };
}

const NETWORK = "osprey:platform:Network";
const CLUSTER = "osprey:cluster:Cluster";
const PERIMETER = "osprey:environment:AlbSecurityGroup";
const DATA = "osprey:data:Database";

export function vpc(natGateways: Record<string, unknown> | undefined, numberOfAvailabilityZones = 2): CostResource {
    return res(
        "awsx:ec2:Vpc",
        "osprey",
        { cidrBlock: "10.0.0.0/16", numberOfAvailabilityZones, ...(natGateways ? { natGateways } : {}) },
        [NETWORK],
    );
}

export const eksCluster = (props: Record<string, unknown> = {}) =>
    res(
        "eks:index:Cluster",
        "osprey",
        { skipDefaultNodeGroup: true, version: "1.35", upgradePolicy: { supportType: "STANDARD" }, ...props },
        [CLUSTER],
    );

/** t3.medium × 2 as the requirements say; no diskSize, so the EKS default 20 GiB root volume applies. */
export const nodeGroup = (props: Record<string, unknown> = {}) =>
    res(
        "eks:index:ManagedNodeGroup",
        "osprey-nodes",
        { instanceTypes: ["t3.medium"], scalingConfig: { desiredSize: 2, minSize: 2, maxSize: 3 }, ...props },
        [CLUSTER],
    );

/** The per-environment ALB security group our program creates (components/environment/albSecurityGroup.ts). */
export const albSecurityGroup = (env: string) =>
    res(
        "aws:ec2/securityGroup:SecurityGroup",
        `${env}-alb`,
        { vpcId: "vpc-1", tags: { Name: `${env}-alb`, "osprey:role": "alb" } },
        [PERIMETER],
    );

/** The component around it, registering AlbFacts (policy/contract.ts): the ingress group osprey-<env> and the ALB's IP address type. */
export const albComponent = (env: string, ipAddressType = "ipv4", ingressGroup = `osprey-${env}`) =>
    res(PERIMETER, `${env}-alb`, { environment: env, ingressGroup, ipAddressType }, ["osprey:environment:Environment"]);

/** What the program registers per environment: the component with its facts and the tagged security group inside it. */
export const albOf = (env: string, ipAddressType = "ipv4") => [albComponent(env, ipAddressType), albSecurityGroup(env)];

export const database = (env: string, props: Record<string, unknown> = {}) =>
    res(
        "aws:rds/instance:Instance",
        `${env}-db`,
        {
            engine: "postgres",
            engineVersion: "18",
            instanceClass: "db.t4g.small",
            allocatedStorage: 20,
            storageType: "gp3",
            multiAz: false,
            ...props,
        },
        [DATA],
    );

export const ecrRepos = () =>
    ["api", "web", "mock", "mcp"].map((c) => res("aws:ecr/repository:Repository", c, { name: `osprey/${c}` }));

export const cloudflare = () => [
    res("cloudflare:index/dnsRecord:DnsRecord", "main-web", { type: "CNAME" }),
    res("cloudflare:index/workersScript:WorkersScript", "twilio-webhook-fwd", {}),
];

/** The required topology with the required cost table's omissions: no NAT gateway (strategy None), no jumpbox. */
export function requiredTopology(): CostResource[] {
    return [
        vpc({ strategy: "None" }),
        eksCluster(),
        nodeGroup(),
        ...albOf("main"),
        ...albOf("demo"),
        database("main"),
        database("demo"),
        ...ecrRepos(),
        ...cloudflare(),
    ];
}

/** The jumpbox: t4g.nano in a private subnet (no public IP), 8 GB gp3 root. */
export const jumpbox = () =>
    res(
        "aws:ec2/instance:Instance",
        "jumpbox",
        {
            instanceType: "t4g.nano",
            associatePublicIpAddress: false,
            rootBlockDevice: { volumeSize: 8, volumeType: "gp3" },
        },
        ["osprey:platform:Jumpbox"],
    );

/** The same topology as the program builds it: NAT gateway (Single), jumpbox. */
export function fullTopology(
    natGateways: Record<string, unknown> | undefined = { strategy: "Single" },
    azs = 2,
): CostResource[] {
    return [vpc(natGateways, azs), ...requiredTopology().filter((r) => r.type !== "awsx:ec2:Vpc"), jumpbox()];
}
