/**
 * One application environment (main or demo) on the shared platform: what each environment owns by
 * itself. Its summary inputs (environment, replicas) are registered on the component so policies can
 * read them (the workloads themselves are synced by ArgoCD, not created here).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformOutputs } from "../platform";
import { AlbSecurityGroup } from "./albSecurityGroup";

export interface EnvironmentArgs {
    environment: "main" | "demo";
    /** The environment's DNS name, e.g. main.osprey-strike.com. */
    environmentDomain: string;
    /** Go API replicas (seed: 2 on main, 1 on demo). */
    apiReplicas: number;
    /** Next.js web replicas. */
    webReplicas: number;
    platform: PlatformOutputs;
}

export class Environment extends pulumi.ComponentResource {
    readonly albSecurityGroupId: pulumi.Output<string>;
    readonly namespace: string;

    constructor(name: string, args: EnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
        const { platform, ...summary } = args;
        super("osprey:environment:Environment", name, summary, opts);
        this.namespace = `osprey-${args.environment}`;
        const alb = new AlbSecurityGroup(
            `${name}-alb`,
            {
                environment: args.environment,
                vpcId: platform.vpcId,
                vpcCidr: platform.vpcCidr,
                ipv4PrefixListId: platform.cloudflareIpv4PrefixListId,
                ipv6PrefixListId: platform.cloudflareIpv6PrefixListId,
            },
            { parent: this },
        );
        this.albSecurityGroupId = alb.securityGroupId;
        this.registerOutputs({ albSecurityGroupId: this.albSecurityGroupId });
    }
}
