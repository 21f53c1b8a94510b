/**
 * `pulumi destroy` deletes in the reverse of the dependency order, so what a controller creates on our behalf is gone
 * only if the resources that make the controller act (Applications, whose cascade finalizer deletes the Ingresses, whose
 * deletion makes the Load Balancer Controller delete the ALB) depend on the controller, and the controller on the nodes
 * that run it. Otherwise the ALBs, their security-group rules and ENIs outlive the controller and the VPC cannot be
 * deleted (DependencyViolation): aws-load-balancer-controller #1629, terraform-aws-eks-blueprints #1843. Read from the
 * recorded graph of both stacks (dependsOn and property dependencies, transitively, parents included as the engine
 * orders children after their parents). And where loss is permanent, `protect`.
 */
import type { RecordedResource } from "../../harness/graph";
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { environmentNames } from "../../lib/naming";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";

/** Every resource `r` waits for on create, hence outlives on destroy: dependencies, property dependencies, parents. */
function waitsFor(run: ProgramRun, r: RecordedResource): Set<string> {
    const byUrn = new Map(run.resources.map((x) => [x.urn, x]));
    const seen = new Set<string>();
    const stack = [r.urn];
    while (stack.length > 0) {
        const x = byUrn.get(stack.pop()!);
        if (!x) continue;
        for (const d of [
            ...x.dependencies,
            ...Object.values(x.propertyDependencies).flat(),
            ...(x.parent ? [x.parent] : []),
        ]) {
            if (!seen.has(d)) {
                seen.add(d);
                stack.push(d);
            }
        }
    }
    return seen;
}
const named = (run: ProgramRun, type: string, name: string) => {
    const found = run.resources.filter(
        (r) =>
            r.type === type &&
            (r.inputs.name === name || (r.inputs.metadata as { name?: string } | undefined)?.name === name),
    );
    expect([type, name, found.length]).toEqual([type, name, 1]);
    return found[0];
};

describe("main: every Application goes before the controller that deletes its ALB, the controllers before their nodes", () => {
    let run: ProgramRun;
    beforeAll(async () => {
        run = await sharedProgramRun("main");
    });

    it("each Application of main waits for the Load Balancer Controller's release and main's IngressClass", () => {
        const controller = named(run, RELEASE, "aws-load-balancer-controller");
        const ingressClass = named(
            run,
            "kubernetes:networking.k8s.io/v1:IngressClass",
            environmentNames("main").ingressGroup,
        );
        const applications = run.resources.filter((r) => r.type === APPLICATION);
        expect(applications).toHaveLength(4);
        for (const app of applications) {
            const before = waitsFor(run, app);
            expect([app.name, before.has(controller.urn), before.has(ingressClass.urn)]).toEqual([
                app.name,
                true,
                true,
            ]);
        }
    });

    // The node group is a remote component: the release waits for the component itself, and the engine knows no edge to
    // the aws:eks/nodeGroup:NodeGroup inside it (the SDK does not expand a remote component's children,
    // runtime/dependsOn.js), so on destroy the two are not ordered against each other. What this shows is the creation
    // order and the edge to the component; the runbook's "Tear down" deletes the Applications first for that reason.
    it("the controllers' releases wait for the node group component that runs them (and so for the VPC under it)", () => {
        const nodes = run.resources.find((r) => r.type === "eks:index:ManagedNodeGroup")!;
        for (const release of ["aws-load-balancer-controller", "external-secrets"]) {
            const before = waitsFor(run, named(run, RELEASE, release));
            expect([release, before.has(nodes.urn)]).toEqual([release, true]);
        }
        const vpc = run.resources.find((r) => r.type === "awsx:ec2:Vpc")!;
        expect(waitsFor(run, nodes).has(vpc.urn)).toBe(true);
    });

    it("every ExternalSecret goes before the External Secrets release whose controller acts on it", () => {
        const eso = named(run, RELEASE, "external-secrets");
        const externalSecrets = run.resources.filter(
            (r) => r.type === "kubernetes:external-secrets.io/v1:ExternalSecret",
        );
        expect(externalSecrets.length).toBeGreaterThan(0);
        for (const es of externalSecrets) expect([es.name, waitsFor(run, es).has(eso.urn)]).toEqual([es.name, true]);
    });

    it("protects what cannot come back: main's database, the realm, the KMS keys, the ECR repositories", () => {
        const protectedOf = (type: string) =>
            run.resources.filter((r) => r.type === type).map((r) => [r.name, r.protect === true]);
        expect(protectedOf("aws:rds/instance:Instance")).toEqual([["main-db", true]]);
        expect(protectedOf("keycloak:index/realm:Realm").map(([, p]) => p)).toEqual([true]);
        // The IP sync's alarm key, the cluster's secrets key and the restore rehearsal's vault key.
        expect(protectedOf("aws:kms/key:Key").map(([, p]) => p)).toEqual([true, true, true]);
        expect(protectedOf("aws:ecr/repository:Repository").map(([, p]) => p)).toEqual([true, true, true, true]);
    });
});

describe("demo: nothing of a controller is demo's, so destroying demo first is enough; demo stays destroyable", () => {
    let run: ProgramRun;
    beforeAll(async () => {
        run = await sharedProgramRun("demo");
    });

    it("owns no controller release: its Applications' ALB is deleted by main's controller, which is still there", () => {
        expect(run.resources.filter((r) => r.type === RELEASE)).toEqual([]);
        expect(run.resources.filter((r) => r.type === APPLICATION).length).toBeGreaterThan(0);
    });

    it("protects nothing: `pulumi destroy --stack demo` runs through (its database keeps a final snapshot)", () => {
        expect(run.resources.filter((r) => r.protect).map((r) => r.urn)).toEqual([]);
        const db = run.resources.find((r) => r.type === "aws:rds/instance:Instance")!;
        expect(db.inputs).toMatchObject({ skipFinalSnapshot: false, deletionProtection: false });
    });
});
