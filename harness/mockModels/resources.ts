/**
 * Models of the custom (provider) resources the program registers, keyed by type token. Outputs follow
 * the provider's schema: IDs and ARNs in AWS's formats, computed attributes the program reads.
 */
import type { ResourceModel } from "../mockCloud";
import { autoName, awsModel, ec2Arn, iamArn, regionalArn } from "./aws";

export const customResourceModels: Record<string, ResourceModel> = {
    // --- perimeter ---
    "aws:ec2/managedPrefixList:ManagedPrefixList": awsModel({
        id: { prefix: "pl-", hexLength: 17 },
        arn: ec2Arn("prefix-list"),
        extra: (_a, ctx) => ({ ownerId: ctx.accountId, version: 1 }),
    }),
    "aws:ec2/securityGroup:SecurityGroup": awsModel({
        id: { prefix: "sg-" },
        autoName: true,
        arn: ec2Arn("security-group"),
        extra: (_a, ctx) => ({ ownerId: ctx.accountId }),
    }),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": awsModel({
        id: { prefix: "sgr-" },
        arn: ec2Arn("security-group-rule"),
        extra: (_a, _c, id) => ({ securityGroupRuleId: id }),
    }),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": awsModel({
        id: { prefix: "sgr-" },
        arn: ec2Arn("security-group-rule"),
        extra: (_a, _c, id) => ({ securityGroupRuleId: id }),
    }),
    // --- identity ---
    "aws:iam/role:Role": awsModel({
        id: "name",
        autoName: true,
        arn: iamArn("role"),
        extra: (a, ctx) => ({ uniqueId: `AROA${ctx.hex(`role/${a.name}`, 17).toUpperCase()}` }),
    }),
    "aws:iam/rolePolicy:RolePolicy": awsModel({
        id: (a, ctx) => `${a.inputs.role}:${(a.inputs.name as string | undefined) ?? autoName(a, ctx)}`,
        autoName: true,
    }),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": awsModel({ id: (a, ctx) => `${a.inputs.role}-${ctx.hex(a.name, 8)}` }),
    // --- the IP-sync Lambda ---
    "aws:lambda/function:Function": awsModel({
        id: "name",
        autoName: true,
        arn: regionalArn("lambda", "function"),
        extra: (_a, ctx, _id, name) => ({
            invokeArn: `arn:aws:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}/invocations`,
            qualifiedArn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}:$LATEST`,
            version: "$LATEST",
        }),
    }),
    "aws:lambda/permission:Permission": awsModel({ id: (a) => String(a.inputs.statementId ?? a.name) }),
    "aws:cloudwatch/logGroup:LogGroup": awsModel({ id: "name", autoName: true, arn: regionalArn("logs", "log-group") }),
    "aws:cloudwatch/eventRule:EventRule": awsModel({ id: "name", autoName: true, arn: regionalArn("events", "rule", "/") }),
    "aws:cloudwatch/eventTarget:EventTarget": awsModel({ id: (a, ctx) => `${a.inputs.rule}-${ctx.hex(a.name, 12)}` }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": awsModel({ id: "name", autoName: true, arn: regionalArn("cloudwatch", "alarm") }),
    "aws:sns/topic:Topic": awsModel({
        id: (_a, ctx, name) => `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`,
        autoName: true,
        arn: (ctx, _id, name) => `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`,
    }),
    "aws:sns/topicSubscription:TopicSubscription": awsModel({
        id: (a, ctx) => `${a.inputs.topic}:${ctx.hex(a.name, 8)}-${ctx.hex(`${a.name}/2`, 4)}`,
        extra: (_a, _c, id) => ({ arn: id, pendingConfirmation: true }),
    }),
    // --- the seed's scaling roadmap: Valkey at 3+ api replicas ---
    "aws:elasticache/subnetGroup:SubnetGroup": awsModel({ id: "name", autoName: true, arn: regionalArn("elasticache", "subnetgroup") }),
    "aws:elasticache/replicationGroup:ReplicationGroup": awsModel({
        id: (a, ctx) => `${a.name}-${ctx.hex(a.name, 7)}`,
        arn: (ctx, id) => `arn:aws:elasticache:${ctx.region}:${ctx.accountId}:replicationgroup:${id}`,
        extra: (_a, ctx, id) => ({
            primaryEndpointAddress: `master.${id}.${ctx.hex(`${id}/ep`, 6)}.use1.cache.amazonaws.com`,
            readerEndpointAddress: `replica.${id}.${ctx.hex(`${id}/ep`, 6)}.use1.cache.amazonaws.com`,
            memberClusters: [`${id}-001`],
        }),
    }),
    // RandomPassword: a value of the requested length and alphabet (the provider marks `result` secret).
    "random:index/randomPassword:RandomPassword": (args, ctx) => {
        const length = Number(args.inputs.length);
        const alphabet =
            args.inputs.special === false
                ? "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*()-_=+[]{}<>:?";
        const seed = ctx.hex(`${args.name}/password`, 64);
        const result = Array.from({ length }, (_, i) => alphabet[parseInt(seed.slice((i * 2) % 62, ((i * 2) % 62) + 2), 16) % alphabet.length]).join("");
        return { id: "none", state: { ...args.inputs, result, bcryptHash: `$2a$10$${ctx.hex(`${args.name}/bcrypt`, 53)}` } };
    },
    // --- keyless CI ---
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": awsModel({
        id: (a, ctx) => `arn:aws:iam::${ctx.accountId}:oidc-provider/${String(a.inputs.url).replace(/^https:\/\//, "")}`,
        extra: (_a, _c, id) => ({ arn: id }),
    }),
};
