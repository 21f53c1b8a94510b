/**
 * The scaling requirement as code: from three replicas on, in-process state needs a shared cache (render
 * polling state, WebSocket broadcast; docs/requirements.md, Scaling). At 3+ API replicas the environment gets the
 * smallest ElastiCache
 * (Valkey, Redis-compatible, cheaper than Redis OSS on the same node) in its own data subnets, encrypted in
 * transit and at rest, behind an AUTH token. The token is generated here, kept only as a secret Output
 * (encrypted in state), and published to Secrets Manager for External Secrets to deliver to the api.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Env, environmentNames } from "../../lib/naming";

/** The replica count at which in-process state stops working (docs/requirements.md, Scaling). */
export const REDIS_REQUIRED_AT_REPLICAS = 3;
/** Smallest current-generation Graviton node (cost table: policy/cost/prices.ts). */
export const CACHE_NODE_TYPE = "cache.t4g.micro";
export const CACHE_PORT = 6379;

export const needsSessionCache = (apiReplicas: number) => apiReplicas >= REDIS_REQUIRED_AT_REPLICAS;

export interface SessionCacheArgs {
    environment: Env;
    vpcId: pulumi.Input<string>;
    /** The environment's own data subnets (private, local route only): its namespace's NetworkPolicy allows 6379 there alone. */
    dataSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The only source admitted on 6379 (the EKS node security group, where the api pods run). */
    clientSecurityGroupId: pulumi.Input<string>;
    /** Secrets Manager name of the connection secret, e.g. "osprey-strike/main/valkey". */
    secretName: string;
}

export class SessionCache extends pulumi.ComponentResource {
    readonly primaryEndpoint: pulumi.Output<string>;
    readonly secretArn: pulumi.Output<string>;

    constructor(name: string, args: SessionCacheArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:environment:SessionCache", name, { environment: args.environment }, opts);
        const parent = { parent: this };
        const sg = new aws.ec2.SecurityGroup(
            name,
            {
                description: `Valkey of ${environmentNames(args.environment).label}: 6379 from the EKS nodes only`,
                vpcId: args.vpcId,
                tags: { Name: name },
            },
            parent,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-from-nodes`,
            {
                securityGroupId: sg.id,
                description: "Valkey from the EKS nodes",
                ipProtocol: "tcp",
                fromPort: CACHE_PORT,
                toPort: CACHE_PORT,
                referencedSecurityGroupId: args.clientSecurityGroupId,
            },
            parent,
        );
        const subnets = new aws.elasticache.SubnetGroup(
            name,
            { description: `${environmentNames(args.environment).label} data subnets`, subnetIds: args.dataSubnetIds },
            parent,
        );
        // ElastiCache AUTH tokens: 16-128 printable characters without @, " or /; alphanumeric avoids every escaping question.
        const token = new random.RandomPassword(`${name}-auth`, { length: 64, special: false }, parent);
        const group = new aws.elasticache.ReplicationGroup(
            name,
            {
                description: `Shared state of ${environmentNames(args.environment).label} api replicas (from 3 replicas on)`,
                engine: "valkey",
                engineVersion: "8.0",
                nodeType: CACHE_NODE_TYPE,
                numCacheClusters: 1,
                port: CACHE_PORT,
                subnetGroupName: subnets.name,
                securityGroupIds: [sg.id],
                atRestEncryptionEnabled: true,
                transitEncryptionEnabled: true,
                authToken: token.result,
                autoMinorVersionUpgrade: true,
                snapshotRetentionLimit: 1,
            },
            parent,
        );
        const secret = new aws.secretsmanager.Secret(
            `${name}-connection`,
            {
                name: args.secretName,
                description: `Valkey endpoint and AUTH token of ${environmentNames(args.environment).label}`,
            },
            parent,
        );
        new aws.secretsmanager.SecretVersion(
            `${name}-connection`,
            {
                secretId: secret.id,
                secretString: pulumi.secret(
                    pulumi.jsonStringify({
                        host: group.primaryEndpointAddress,
                        port: CACHE_PORT,
                        tls: true,
                        authToken: token.result,
                    }),
                ),
            },
            parent,
        );
        this.primaryEndpoint = group.primaryEndpointAddress;
        this.secretArn = secret.arn;
        this.registerOutputs({ primaryEndpoint: this.primaryEndpoint, secretArn: this.secretArn });
    }
}
