/**
 * The environment's ALB security group: the seed's linchpin. Ingress is TCP 443 from the two Cloudflare
 * prefix lists and nothing else, so even someone who learns the ALB's DNS name is refused at the network
 * level and Cloudflare's WAF, DDoS protection and Access cannot be bypassed. Egress is only what an ALB
 * needs: its targets inside the VPC, and 443 to the OIDC provider (Keycloak) for the token exchange.
 * The AWS Load Balancer Controller attaches it through the ingress annotation
 * `alb.ingress.kubernetes.io/security-groups` (export `albSecurityGroupId`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Env, environmentNames } from "../../lib/naming";
import type { AlbIpAddressType } from "../../lib/costSwitches";
import type { AlbFacts } from "../../policy/contract";

export interface AlbSecurityGroupArgs {
    environment: Env;
    vpcId: pulumi.Input<string>;
    /** The VPC's IPv4 block: where the ALB's targets (pods, via target-type ip) live. */
    vpcCidr: pulumi.Input<string>;
    ipv4PrefixListId: pulumi.Input<string>;
    ipv6PrefixListId: pulumi.Input<string>;
    /** The ALB's IP address type (the ingress annotation alb.ingress.kubernetes.io/ip-address-type). Default ipv4. */
    ipAddressType?: AlbIpAddressType;
}

export const HTTPS = 443;

export class AlbSecurityGroup extends pulumi.ComponentResource {
    readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: AlbSecurityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        // AlbFacts (policy/contract.ts): the pack checks that ALB ingress references exactly these two lists; the estimator
        // counts one ALB per ingress group and prices public IPv4 by its IP address type.
        const facts: { [K in keyof AlbFacts]: pulumi.Input<AlbFacts[K]> } = {
            cloudflarePrefixListIds: pulumi.all([args.ipv4PrefixListId, args.ipv6PrefixListId]),
            ingressGroup: environmentNames(args.environment).ingressGroup,
            ipAddressType: args.ipAddressType ?? "ipv4",
        };
        super("osprey:environment:AlbSecurityGroup", name, { environment: args.environment, ...facts }, opts);
        const parent = { parent: this };
        const sg = new aws.ec2.SecurityGroup(
            name,
            {
                description: `ALB of ${environmentNames(args.environment).label}: HTTPS from Cloudflare only`,
                vpcId: args.vpcId,
                // No inline rules: rules are separate resources below, so neither form fights the other.
                tags: { Name: name, "osprey:role": "alb" },
            },
            parent,
        );
        const families = [
            { family: "ipv4", prefixListId: args.ipv4PrefixListId },
            { family: "ipv6", prefixListId: args.ipv6PrefixListId },
        ];
        for (const { family, prefixListId } of families) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-https-cloudflare-${family}`,
                {
                    securityGroupId: sg.id,
                    description: `HTTPS from Cloudflare (${family} prefix list, kept in sync by the IP-sync Lambda)`,
                    ipProtocol: "tcp",
                    fromPort: HTTPS,
                    toPort: HTTPS,
                    prefixListId,
                },
                parent,
            );
        }
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-to-targets`,
            {
                securityGroupId: sg.id,
                description: "To targets in the VPC (pods registered by IP)",
                ipProtocol: "tcp",
                fromPort: 1,
                toPort: 65535,
                cidrIpv4: args.vpcCidr,
            },
            parent,
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-to-oidc-provider`,
            {
                securityGroupId: sg.id,
                // The ALB calls the IdP's token and userinfo endpoints itself; their addresses are not ours to pin.
                description: "HTTPS to the OIDC provider (Keycloak) token and userinfo endpoints",
                ipProtocol: "tcp",
                fromPort: HTTPS,
                toPort: HTTPS,
                cidrIpv4: "0.0.0.0/0",
            },
            parent,
        );
        this.securityGroupId = sg.id;
        this.registerOutputs({ securityGroupId: this.securityGroupId });
    }
}
