/**
 * The IAM model checks themselves can fail (red cases). Known answers from AWS's Service Authorization Reference:
 * s3:GetObject acts on the `object` type only (arn:${Partition}:s3:::${BucketName}/${ObjectName}); ec2:DescribeManagedPrefixLists
 * supports only Resource "*"; secretsmanager:GetSecrets is not an action (BatchGetSecretValue is).
 */
import { decide, documentProblems, patternFits, PolicyDocument, Statement } from "./iamModel";

const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement });

it("accepts a correct document", async () => {
    expect(
        await documentProblems(doc({ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::bucket/*" })),
    ).toEqual([]);
});

it("refuses unknown actions, wildcards matching nothing, resources of the wrong type and wildcard-only actions with ARNs", async () => {
    expect(
        await documentProblems(doc({ Effect: "Allow", Action: "secretsmanager:GetSecrets", Resource: "*" })),
    ).toEqual(["statement 0: action secretsmanager:GetSecrets does not exist"]);
    expect(await documentProblems(doc({ Effect: "Allow", Action: "s3:Frobnicate*", Resource: "*" }))).toHaveLength(1);
    expect(await documentProblems(doc({ Effect: "Allow", Action: "nosuchservice:Get", Resource: "*" }))).toHaveLength(
        1,
    );
    const bucketOnly = await documentProblems(
        doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket" }),
    );
    expect(bucketOnly.join("\n")).toMatch(/fits s3:GetObject's resource types/);
    const wildcardOnly = await documentProblems(
        doc({
            Effect: "Allow",
            Action: "ec2:DescribeManagedPrefixLists",
            Resource: "arn:aws:ec2:us-east-1:123456789012:prefix-list/pl-1",
        }),
    );
    expect(wildcardOnly.join("\n")).toMatch(/supports only Resource "\*"/);
});

it("matches resource patterns against ARN formats as intersecting globs", () => {
    const logStream =
        "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
    expect(patternFits("arn:aws:logs:us-east-1:1:log-group:g:*", logStream)).toBe(true);
    expect(patternFits("arn:aws:logs:us-east-1:1:log-group:g", logStream)).toBe(false);
    expect(patternFits("arn:aws:s3:::b", "arn:${Partition}:s3:::${BucketName}/${ObjectName}")).toBe(false);
});

it("decides with the simulator: allow inside the pattern, implicit deny outside, explicit deny wins", async () => {
    const policies = [
        {
            name: "p",
            policy: doc({
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:a/*",
            }),
        },
    ];
    const arn = (n: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${n}-AbCdEf`;
    expect(await decide(policies, "secretsmanager:GetSecretValue", arn("a/x"), "123456789012")).toBe("Allowed");
    expect(await decide(policies, "secretsmanager:GetSecretValue", arn("b/x"), "123456789012")).toBe(
        "ImplicitlyDenied",
    );
    const denied = [
        ...policies,
        { name: "d", policy: doc({ Effect: "Deny", Action: "secretsmanager:*", Resource: "*" }) },
    ];
    expect(await decide(denied, "secretsmanager:GetSecretValue", arn("a/x"), "123456789012")).toBe("ExplicitlyDenied");
});
