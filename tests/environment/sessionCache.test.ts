/**
 * The scaling requirement (docs/requirements.md, Scaling): at 3+ api replicas the environment gets Valkey in the
 * private subnets, encrypted in transit and at rest, behind a generated AUTH token that never appears in plain text.
 */
import { isSecretEnvelope } from "../../harness/graph";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import { CACHE_NODE_TYPE, needsSessionCache, SessionCache } from "../../components/environment/sessionCache";
import { one } from "../graphHelpers";

let run: ProgramRun;
beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "main",
        program: () => {
            const cache = new SessionCache("main-cache", {
                environment: "main",
                vpcId: "vpc-0123456789abcdef0",
                dataSubnetIds: ["subnet-0a", "subnet-0b"],
                clientSecurityGroupId: "sg-0nodes",
                secretName: "osprey-strike/main/valkey",
            });
            return { endpoint: cache.primaryEndpoint };
        },
    });
});

describe("SessionCache", () => {
    it("is required from the third replica, as the requirements say", () => {
        expect([1, 2, 3, 5].map(needsSessionCache)).toEqual([false, false, true, true]);
    });

    it("runs the smallest Valkey node, encrypted in transit and at rest, with AUTH", () => {
        const rg = one(run.resources, "aws:elasticache/replicationGroup:ReplicationGroup");
        expect(rg.inputs).toMatchObject({
            engine: "valkey",
            nodeType: CACHE_NODE_TYPE,
            atRestEncryptionEnabled: true,
            transitEncryptionEnabled: true,
            numCacheClusters: 1,
        });
        expect(isSecretEnvelope(rg.inputs.authToken)).toBe(true);
        expect((rg.inputs.authToken as { value: string }).value).toMatch(/^[A-Za-z0-9]{64}$/);
    });

    it("sits in the private subnets and admits 6379 only from the node security group", () => {
        expect(one(run.resources, "aws:elasticache/subnetGroup:SubnetGroup").inputs.subnetIds).toEqual([
            "subnet-0a",
            "subnet-0b",
        ]);
        const rule = one(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(rule.inputs).toMatchObject({
            ipProtocol: "tcp",
            fromPort: 6379,
            toPort: 6379,
            referencedSecurityGroupId: "sg-0nodes",
        });
        expect(rule.inputs.cidrIpv4).toBeUndefined();
    });

    it("publishes the connection to Secrets Manager as a secret only", () => {
        expect(one(run.resources, "aws:secretsmanager/secret:Secret").inputs.name).toBe("osprey-strike/main/valkey");
        const version = one(run.resources, "aws:secretsmanager/secretVersion:SecretVersion");
        expect(isSecretEnvelope(version.inputs.secretString)).toBe(true);
        expect(JSON.parse((version.inputs.secretString as { value: string }).value)).toMatchObject({
            port: 6379,
            tls: true,
        });
        expect(run.outputs.outputs.endpoint).toMatch(/^master\..*\.cache\.amazonaws\.com$/);
    });
});
