/**
 * One owner per cloud identity. The first `pulumi up` of this program once stopped at the cluster: @pulumi/eks made
 * its own `vpc-cni` add-on inside eks:index:Cluster while the program made a second one beside it, and EKS refused
 * the second (ResourceInUseException). Nothing that compares URNs could see it; what collides is the key the cloud
 * knows the object by (policy/lib/naturalKeys.ts has the table and its sources).
 *
 * A stack policy: every resource of the stack, children of remote components included (a real preview reports them;
 * the offline plan registers the mock's models of them, marked as modelled), grouped by identity. Every resource after
 * the first of a group is reported, naming the identity and every owner. Within one stack only: the two stacks of the
 * account are judged apart (names that embed the environment keep them apart; lib/naming.ts).
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { describeKey, naturalKeysOf } from "../lib/naturalKeys";

export const uniqueCloudIdentity: StackValidationPolicy = {
    name: "unique-cloud-identity",
    description:
        "No two resources of the stack claim one cloud identity (EKS add-on or access entry per cluster, IAM name, security group name per VPC, secret, bucket, Helm release, Kubernetes object, DNS record, ...): the cloud refuses the second, or the two undo each other.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Keep one owner: drop the second resource, or turn off what creates it (e.g. @pulumi/eks's own VPC CNI add-on with useDefaultVpcCni: true); to hand an object from one owner to another, `pulumi state delete` the old one and import it into the new.",
    validateStack: (args, report) => {
        const owners = new Map<string, { key: string; resources: PolicyResource[]; exclusive: boolean }>();
        for (const r of args.resources) {
            for (const k of naturalKeysOf(r)) {
                const id = `${k.kind}\u0000${k.parts.join("\u0000")}`;
                const group = owners.get(id) ?? { key: describeKey(k), resources: [], exclusive: false };
                group.resources.push(r);
                group.exclusive ||= k.exclusive ?? true;
                owners.set(id, group);
            }
        }
        // One report per resource and set of co-owners (two CNAMEs of one name collide on both of their keys).
        const reported = new Set<string>();
        for (const { key, resources, exclusive } of owners.values()) {
            if (resources.length < 2 || !exclusive) continue;
            const all = resources.map((r) => r.urn).join(", ");
            for (const r of resources.slice(1)) {
                if (reported.has(`${r.urn}\u0000${all}`)) continue;
                reported.add(`${r.urn}\u0000${all}`);
                report(`${key} is claimed by ${resources.length} resources: ${all}`, r.urn);
            }
        }
    },
};
