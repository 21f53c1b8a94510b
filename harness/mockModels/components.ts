/**
 * Models of remote (multi-language) components. Under mocks they arrive as ONE resource with their inputs
 * and no children, so each model computes the outputs the real component returns from those inputs.
 */
import type { MockContext, ResourceModel } from "../mockCloud";

type SubnetType = "Public" | "Private" | "Isolated";

const ipToInt = (ip: string) => ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");

/** Allocates subnets one after another, each aligned to its own size, inside the VPC block. */
function allocator(cidr: string) {
    const [base, len] = cidr.split("/");
    const start = ipToInt(base);
    const end = start + 2 ** (32 - Number(len));
    let cursor = start;
    return (mask: number) => {
        const size = 2 ** (32 - mask);
        cursor = Math.ceil(cursor / size) * size;
        if (cursor + size > end) throw new Error(`awsx:ec2:Vpc: subnets do not fit in ${cidr}`);
        const out = `${intToIp(cursor)}/${mask}`;
        cursor += size;
        return out;
    };
}

const vpc: ResourceModel = (args, ctx: MockContext) => {
    const i = args.inputs as {
        cidrBlock?: string;
        numberOfAvailabilityZones?: number;
        availabilityZoneNames?: string[];
        subnetSpecs?: { type: SubnetType; cidrMask?: number; name?: string }[];
    };
    const cidr = i.cidrBlock ?? "10.0.0.0/16";
    const azs = i.availabilityZoneNames ?? ["a", "b", "c", "d", "e", "f"].slice(0, i.numberOfAvailabilityZones ?? 3).map((s) => `${ctx.region}${s}`);
    const specs = i.subnetSpecs ?? [{ type: "Private" }, { type: "Public" }];
    const ids: Record<SubnetType, string[]> = { Public: [], Private: [], Isolated: [] };
    const layout: { type: SubnetType; cidrBlock: string; availabilityZone: string; id: string }[] = [];
    const next = allocator(cidr);
    for (const az of azs) {
        for (const spec of specs) {
            const id = `subnet-${ctx.hex(`${args.name}/${spec.type}/${az}`, 17)}`;
            ids[spec.type].push(id);
            layout.push({ type: spec.type, cidrBlock: next(spec.cidrMask ?? 20), availabilityZone: az, id });
        }
    }
    const vpcId = `vpc-${ctx.hex(`${args.name}/vpc`, 17)}`;
    return {
        id: undefined,
        state: {
            vpcId,
            publicSubnetIds: ids.Public,
            privateSubnetIds: ids.Private,
            isolatedSubnetIds: ids.Isolated,
            subnetLayout: layout,
        },
    };
};

export const remoteComponentModels: Record<string, ResourceModel> = {
    "awsx:ec2:Vpc": vpc,
};
