/**
 * On the mock cloud: the Edge constructor itself refuses bypass ranges for demo (before any Cloudflare resource is
 * registered), the albHostname override replaces the ALB lookup, and credentials handed in as PLAIN strings still
 * reach the resources only inside secret envelopes (the component wraps them itself), the origin-pull key included.
 */
import * as pulumi from "@pulumi/pulumi";
import { Edge } from "../../components/edge";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import { edgeArgsFrom, ofType, plainStrings, revealDeep, stackConfig, T } from "./helpers";

const cfg = stackConfig("demo");
const OTP = "0d6c2f4e-9a1b-4c3d-8e5f-1a2b3c4d5e6f";
/** An ALB DNS name in ELB's format (<name>-<digits>.<region>.elb.amazonaws.com), as an operator would paste it. */
const OVERRIDE = "k8s-ospreydemo-abcdef0123-1234567890.us-east-1.elb.amazonaws.com";
let run: ProgramRun;
let refusal: unknown;
const PLAIN_TWILIO = "plain-twilio-token-4b1e9c";
const PLAIN_GOOGLE = "plain-google-secret-7a3d0f";
const PLAIN_ORIGIN_KEY = "-----BEGIN PRIVATE KEY-----\nplain-origin-pull-key-5c2e\n-----END PRIVATE KEY-----\n";

beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "demo",
        program: () => {
            try {
                new Edge(
                    "demo-bypass",
                    edgeArgsFrom(cfg, {
                        oneTimePinIdpId: OTP,
                        access: { ...edgeArgsFrom(cfg).access, officeBypassCidrs: ["203.0.113.0/24"] },
                    }),
                );
            } catch (e) {
                refusal = e;
            }
            const base = edgeArgsFrom(cfg);
            const edge = new Edge(
                "demo",
                edgeArgsFrom(cfg, {
                    oneTimePinIdpId: OTP,
                    albHostname: OVERRIDE,
                    twilioAuthToken: PLAIN_TWILIO,
                    access: { ...base.access, googleClientSecret: PLAIN_GOOGLE },
                    originPullCertificate: { ...base.originPullCertificate, privateKeyPem: PLAIN_ORIGIN_KEY },
                }),
            );
            return { albHostname: edge.albHostname };
        },
    });
});

it("throws, naming the field, when demo is given bypass ranges", () => {
    expect(refusal).toBeInstanceOf(pulumi.ResourceError);
    expect((refusal as Error).message).toMatch(/^Edge demo-bypass: invalid arguments:/);
    expect((refusal as Error).message).toMatch(/access\.officeBypassCidrs: demo always requires authentication/);
    // Nothing of the refused component reached the cloud but its own (empty) component registration.
    expect(run.resources.filter((r) => r.urn.includes("demo-bypass") && r.custom)).toEqual([]);
    expect(ofType(run.resources, T.policy).filter((p) => p.inputs.decision === "bypass")).toEqual([]);
});

it("points the records at the albHostname override when it is set", () => {
    expect(run.outputs.outputs.albHostname).toBe(OVERRIDE);
    const cnames = ofType(run.resources, T.dns).filter((r) => r.inputs.type === "CNAME");
    expect(cnames.length).toBe(2);
    for (const r of cnames) expect(revealDeep(r.inputs.content)).toBe(OVERRIDE);
});

it("wraps credentials given as plain strings in secret envelopes itself", () => {
    const visible = run.resources.flatMap((r) => plainStrings(r.inputs));
    expect(
        visible.filter(
            (v) => v.includes(PLAIN_TWILIO) || v.includes(PLAIN_GOOGLE) || v.includes("plain-origin-pull-key"),
        ),
    ).toEqual([]);
    // ...while the values are really there, behind the envelopes.
    const all = JSON.stringify(run.resources.map((r) => revealDeep(r.inputs)));
    expect(all).toContain(PLAIN_TWILIO);
    expect(all).toContain(PLAIN_GOOGLE);
    // The origin-pull key reaches Cloudflare's certificate upload, and only there.
    const uploads = ofType(
        run.resources,
        "cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate",
    );
    expect(uploads.map((u) => revealDeep(u.inputs.privateKey))).toEqual([PLAIN_ORIGIN_KEY]);
    expect(
        run.resources
            .filter((r) => JSON.stringify(revealDeep(r.inputs)).includes("plain-origin-pull-key"))
            .map((r) => r.type),
    ).toEqual([
        "cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate",
    ]);
});
