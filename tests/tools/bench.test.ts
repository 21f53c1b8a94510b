/**
 * `npm run bench` keeps working: its IP-sync scenario runs the shipped archive with the function's own environment
 * (a bench that drifts from the program's variables fails here, not on the next person who runs it). No timing is
 * asserted: the bench reports counts and sizes, and this checks what it counted.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../harness/stackConfig";
import { BENCHES, floorSdks } from "../../tools/bench";

jest.setTimeout(120_000);

it("runs the IP-sync bench: a no-op run changes nothing, the split /12 adds two ranges and removes one", async () => {
    const bench = BENCHES.find((b) => b.title.startsWith("Cloudflare IP-sync Lambda"))!;
    const rows = await bench.run();
    const note = (name: string) => rows.find((r) => r.name.startsWith(name))?.note ?? "";
    expect(note("no-op run")).toMatch(/added 0, removed 0$/);
    expect(note("no-op run")).not.toContain("ModifyManagedPrefixList");
    expect(note("one range changed")).toMatch(/ModifyManagedPrefixList 1\b.*added 2, removed 1$/);
    expect(rows.find((r) => r.name.startsWith("archive"))?.value).toMatch(/^\d+ B$/);
});

it("floors the plan with the SDKs the program imports: each one imported by the program's own code", () => {
    // The program: index.ts and what it imports (everything but the tests, the tools, the harness and the pack).
    const program = execFileSync("git", ["ls-files", "*.ts"], { cwd: ROOT, encoding: "utf8" })
        .split("\n")
        .filter((f) => f !== "" && !/^(tests|tools|harness|policy)\//.test(f));
    // A value import (not `import type`), at the start of a line: what the compiled program requires.
    const imported = new Set(
        program.flatMap((f) =>
            [...fs.readFileSync(path.join(ROOT, f), "utf8").matchAll(/^import (?!type )[^;]*? from "([^"]+)";/gms)].map(
                (m) => m[1],
            ),
        ),
    );
    const sdks = floorSdks();
    expect(sdks).toEqual(expect.arrayContaining(["@pulumi/pulumi", "@pulumi/aws", "@aws-sdk/client-ec2"]));
    expect(sdks.filter((s) => !imported.has(s))).toEqual([]);
});
