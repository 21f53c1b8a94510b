/**
 * The data layer's config keys (db*, attachmentsNoncurrentVersionDays): the stack files' values, the defaults,
 * and every bad value refused at program start with its key named.
 */
import { parseConfig } from "../../config/parse";
import { PROJECT } from "../../config/schema";
import { problemsOf, rawOf } from "./helpers";

describe("stack files", () => {
    it("main: deletion protection on, 7 days of backups; demo: off, 1 day (the brief's per-environment defaults)", () => {
        const main = parseConfig(rawOf("main"));
        const demo = parseConfig(rawOf("demo"));
        expect([main.dbDeletionProtection, main.dbBackupRetentionDays]).toEqual([true, 7]);
        expect([demo.dbDeletionProtection, demo.dbBackupRetentionDays]).toEqual([false, 1]);
        for (const c of [main, demo]) expect([c.dbEngineVersion, c.dbInstanceClass, c.dbAllowOtherMajorVersion]).toEqual(["18", "db.t4g.small", false]);
    });

    it("defaults: PostgreSQL 18 on db.t4g.small, 20 GiB growing to 100, slow statements from 500 ms, 30-day versions", () => {
        const unset = new Set([
            "dbEngineVersion",
            "dbInstanceClass",
            "dbAllowOtherMajorVersion",
            "dbAllocatedStorageGb",
            "dbMaxAllocatedStorageGb",
            "dbSlowStatementMs",
            "attachmentsNoncurrentVersionDays",
        ]);
        const cfg = parseConfig(Object.fromEntries(Object.entries(rawOf("main")).filter(([k]) => !unset.has(k))));
        expect([
            cfg.dbEngineVersion,
            cfg.dbInstanceClass,
            cfg.dbAllowOtherMajorVersion,
            cfg.dbAllocatedStorageGb,
            cfg.dbMaxAllocatedStorageGb,
            cfg.dbSlowStatementMs,
            cfg.attachmentsNoncurrentVersionDays,
        ]).toEqual(["18", "db.t4g.small", false, 20, 100, 500, 30]);
    });
});

describe("bad data config is refused with the key named", () => {
    const main = rawOf("main");
    const demo = rawOf("demo");
    const cases: [string, Record<string, string | undefined>, string, RegExp][] = [
        ["an unknown instance class", { ...main, dbInstanceClass: "db.t4g.smal" }, "dbInstanceClass", /not a known RDS for PostgreSQL instance class/],
        ["an instance class without db.", { ...demo, dbInstanceClass: "t4g.small" }, "dbInstanceClass", /start with "db\."/],
        [
            "a retention of 0 days",
            { ...main, dbBackupRetentionDays: "0" },
            "dbBackupRetentionDays",
            /out of range; RDS keeps automated backups for 1 to 35 days/,
        ],
        ["a retention of 36 days", { ...demo, dbBackupRetentionDays: "36" }, "dbBackupRetentionDays", /out of range/],
        [
            "no retention at all",
            { ...main, dbBackupRetentionDays: undefined },
            "dbBackupRetentionDays",
            /missing; set it with `pulumi config set osprey-strike:dbBackupRetentionDays/,
        ],
        [
            "PostgreSQL 17 without the allow key",
            { ...main, dbEngineVersion: "17" },
            "dbEngineVersion",
            /PostgreSQL 17, but the platform runs PostgreSQL 18.*dbAllowOtherMajorVersion/,
        ],
        ["PostgreSQL 16.4 without the allow key", { ...demo, dbEngineVersion: "16.4" }, "dbEngineVersion", /PostgreSQL 16/],
        ["a malformed version", { ...main, dbEngineVersion: "18.x" }, "dbEngineVersion", /not a PostgreSQL engine version/],
        [
            "a ceiling below the allocated storage",
            { ...main, dbAllocatedStorageGb: "200", dbMaxAllocatedStorageGb: "100" },
            "dbMaxAllocatedStorageGb",
            /100 GiB is below the allocated 200 GiB/,
        ],
        ["storage below gp3's minimum", { ...main, dbAllocatedStorageGb: "10" }, "dbAllocatedStorageGb", /20 to 65536 GiB/],
        ["main without deletion protection", { ...main, dbDeletionProtection: "false" }, "dbDeletionProtection", /must be true for main/],
        ["a non-boolean deletion protection", { ...demo, dbDeletionProtection: "yes" }, "dbDeletionProtection", /not true or false/],
        ["a zero slow-statement threshold", { ...main, dbSlowStatementMs: "0" }, "dbSlowStatementMs", /out of range/],
        ["a zero version window", { ...main, attachmentsNoncurrentVersionDays: "0" }, "attachmentsNoncurrentVersionDays", /out of range/],
    ];
    it.each(cases)("%s", (_what, raw, key, message) => {
        const problems = problemsOf(raw);
        expect(problems).toHaveLength(1);
        expect(problems[0].startsWith(`${PROJECT}:${key}:`)).toBe(true);
        expect(problems[0]).toMatch(message);
    });

    it("accepts another major once dbAllowOtherMajorVersion is true", () => {
        expect(problemsOf({ ...main, dbEngineVersion: "17", dbAllowOtherMajorVersion: "true" })).toEqual([]);
    });

    it("accepts a pinned 18.x minor and a ceiling equal to the allocated storage", () => {
        expect(problemsOf({ ...main, dbEngineVersion: "18.1", dbAllocatedStorageGb: "100", dbMaxAllocatedStorageGb: "100" })).toEqual([]);
    });

    it("lets demo turn deletion protection off", () => {
        expect(problemsOf({ ...demo, dbDeletionProtection: "false" })).toEqual([]);
    });

    it("lists every data problem in one message", () => {
        const problems = problemsOf({ ...main, dbInstanceClass: "db.x", dbBackupRetentionDays: "99", dbDeletionProtection: "false", dbEngineVersion: "15" });
        expect(problems.map((p) => p.split(":")[1]).sort()).toEqual(["dbBackupRetentionDays", "dbDeletionProtection", "dbEngineVersion", "dbInstanceClass"]);
    });
});
