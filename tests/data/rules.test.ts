/**
 * The data layer's pure rules: instance classes, engine versions and families, storage, backups, deletion
 * protection, and the certificate's names and validation-record keys (property-based: any SAN order, any
 * duplicates, wildcard and apex always collapse).
 */
import fc from "fast-check";
import {
    backupRetentionProblem,
    certificateNames,
    deletionProtectionProblem,
    engineMajor,
    engineMajorProblem,
    engineVersionFormatProblem,
    instanceClassProblem,
    KNOWN_DB_INSTANCE_CLASSES,
    maxStorageProblem,
    parameterGroupFamily,
    storageGbProblem,
    validationRecordKeys,
} from "../../lib/dataRules";
import { appHostnames } from "../../components/edge/hostnames";

describe("instance classes", () => {
    it.each(["db.t4g.small", "db.t3.micro", "db.m7g.large", "db.r6i.32xlarge"])("accepts %s", (c) =>
        expect(instanceClassProblem(c)).toBeUndefined(),
    );
    it.each([
        ["db.t4g.smal", /not a known RDS for PostgreSQL instance class/],
        ["t4g.small", /start with "db\.", e\.g\. "db\.t4g\.small"/],
        ["db.t2.micro", /not a known/], // previous generation: RDS for PostgreSQL 18 does not offer it
        ["db.m6g.32xlarge", /not a known/], // Graviton2 m6g stops at 16xlarge
    ])("refuses %s", (c, message) => expect(instanceClassProblem(c)).toMatch(message));
    it("lists no duplicates and only db.* names", () => {
        expect(new Set(KNOWN_DB_INSTANCE_CLASSES).size).toBe(KNOWN_DB_INSTANCE_CLASSES.length);
        for (const c of KNOWN_DB_INSTANCE_CLASSES)
            expect(c).toMatch(/^db\.[a-z0-9]+\.[0-9]*(micro|small|medium|large|xlarge)$/);
    });
});

describe("engine versions", () => {
    it.each([
        ["18", 18, "postgres18"],
        ["18.1", 18, "postgres18"],
        ["17.6", 17, "postgres17"],
    ])("%s is major %i, family %s", (v, major, family) => {
        expect(engineVersionFormatProblem(v)).toBeUndefined();
        expect(engineMajor(v)).toBe(major);
        expect(parameterGroupFamily(v)).toBe(family);
    });
    it.each(["18.x", "v18", "18.1.2", "", "latest"])("refuses the shape %p", (v) =>
        expect(engineVersionFormatProblem(v)).toMatch(/is not a PostgreSQL engine version/),
    );
    it("refuses another major unless it is explicitly allowed", () => {
        expect(engineMajorProblem("17", false)).toMatch(
            /PostgreSQL 17, but the platform runs PostgreSQL 18.*dbAllowOtherMajorVersion/,
        );
        expect(engineMajorProblem("17", true)).toBeUndefined();
        expect(engineMajorProblem("18.3", false)).toBeUndefined();
    });
});

describe("storage, backups, deletion protection", () => {
    it("bounds gp3 storage to RDS's 20-65536 GiB", () => {
        expect(storageGbProblem(20)).toBeUndefined();
        expect(storageGbProblem(65536)).toBeUndefined();
        expect(storageGbProblem(19)).toMatch(/out of range/);
        expect(storageGbProblem(65537)).toMatch(/out of range/);
    });
    it("requires the autoscaling ceiling to be at least the allocated storage", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 20, max: 65536 }),
                fc.integer({ min: 20, max: 65536 }),
                (allocated, max) => (maxStorageProblem(allocated, max) === undefined) === max >= allocated,
            ),
        );
    });
    it("keeps backups 1 to 35 days", () => {
        for (const d of [1, 7, 35]) expect(backupRetentionProblem(d)).toBeUndefined();
        for (const d of [0, 36, 1.5]) expect(backupRetentionProblem(d)).toMatch(/out of range/);
    });
    it("lets only demo turn deletion protection off", () => {
        expect(deletionProtectionProblem("main", false)).toMatch(/must be true for main/);
        expect(deletionProtectionProblem("main", true)).toBeUndefined();
        expect(deletionProtectionProblem("demo", false)).toBeUndefined();
    });
});

describe("certificate names", () => {
    it("main: the environment domain, its wildcard and the edge's sibling hostnames", () => {
        const hosts = appHostnames("main", "main.osprey-strike.com").map((h) => h.hostname);
        expect(certificateNames("main.osprey-strike.com", hosts)).toEqual({
            domainName: "main.osprey-strike.com",
            subjectAlternativeNames: [
                "*.main.osprey-strike.com",
                "api-main.osprey-strike.com",
                "mcp-main.osprey-strike.com",
                "mock-main.osprey-strike.com",
            ],
        });
    });

    it("collapses a wildcard and its base into one validation key", () => {
        expect(
            validationRecordKeys(["main.osprey-strike.com", "*.main.osprey-strike.com", "api-main.osprey-strike.com"]),
        ).toEqual(["api-main.osprey-strike.com", "main.osprey-strike.com"]);
    });

    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    it("gives the same keys for any order and duplication of the names, one per distinct base name", () => {
        fc.assert(
            fc.property(
                fc.array(fc.tuple(label, fc.boolean()), { minLength: 1, maxLength: 8 }),
                fc.nat(),
                (entries, seed) => {
                    const names = entries.map(([l, wild]) => `${wild ? "*." : ""}${l}.example.com`);
                    const shuffled = [...names, ...names].sort(
                        (a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || a.localeCompare(b),
                    );
                    const keys = validationRecordKeys(names);
                    expect(validationRecordKeys(shuffled)).toEqual(keys);
                    expect(keys).toEqual([...new Set(entries.map(([l]) => `${l}.example.com`))].sort());
                    expect(keys.some((k) => k.startsWith("*."))).toBe(false);
                },
            ),
        );
    });
});
