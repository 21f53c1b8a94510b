/**
 * The environment's ALB security group: the perimeter's linchpin (docs/requirements.md, The perimeter). Ingress is TCP
 * 443 from the two Cloudflare
 * prefix lists and nothing else, so even someone who learns the ALB's DNS name is refused at the network
 * level and Cloudflare's WAF, DDoS protection and Access cannot be bypassed. It carries no egress rules: the
 * controller's backend security group, attached to the same ALB, decides egress (see below).
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
        // No egress rules here, on purpose (a rule that does nothing is removed rather than made real:
        // docs/requirements.md, Isolation). The controller attaches its
        // shared backend security group to every ALB it builds (--enable-backend-security-group, default true, needed for
        // manage-backend-security-group-rules), and that group keeps EC2's default allow-all egress: security groups add
        // up, so narrow egress rules here restricted nothing. The ALB reaches its targets because the controller opens
        // the nodes/pods to that backend group; and its OIDC calls to Keycloak leave through the same group.
        this.securityGroupId = sg.id;
        this.registerOutputs({ securityGroupId: this.securityGroupId });
    }
}
