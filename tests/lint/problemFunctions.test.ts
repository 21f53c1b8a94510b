// Every exported `*Problems` function of components/, lib/ and config/ returns lib/problems.ts Problems (a property
// path and a reason), never "field: reason" strings. Read from the syntax tree (the TypeScript parser, no type check:
// fast), so the guard is the declared return type: a function without one fails too, and `Problem` must come from
// lib/problems.ts (a local `type Problem = string` would not pass). tsc then holds each body to its declaration.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");

/**
 * Every exported function whose name ends in `Problems` (declared with `function` or as an exported const arrow) in
 * components/, lib/ and config/. Read from the syntax tree, not by regex: a multi-line signature is still found.
 */
function problemsFunctions(): { file: string; name: string; returns: string | undefined; importsProblem: boolean }[] {
    const out: { file: string; name: string; returns: string | undefined; importsProblem: boolean }[] = [];
    const walk = (dir: string): string[] =>
        fs
            .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
            .flatMap((e) =>
                e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : [],
            );
    for (const file of ["components", "lib", "config"].flatMap(walk)) {
        const text = fs.readFileSync(path.join(ROOT, file), "utf8");
        const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
        const importsProblem = src.statements.some(
            (s) =>
                ts.isImportDeclaration(s) &&
                /\/problems"$/.test(s.moduleSpecifier.getText(src)) &&
                /\bProblem\b/.test(s.importClause?.getText(src) ?? ""),
        );
        const exported = (n: ts.Node) =>
            ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        for (const s of src.statements) {
            if (ts.isFunctionDeclaration(s) && s.name && exported(s) && /Problems$/.test(s.name.text))
                out.push({ file, name: s.name.text, returns: s.type?.getText(src), importsProblem });
            if (ts.isVariableStatement(s) && exported(s))
                for (const d of s.declarationList.declarations) {
                    const init = d.initializer;
                    if (ts.isIdentifier(d.name) && /Problems$/.test(d.name.text) && init && ts.isArrowFunction(init))
                        out.push({ file, name: d.name.text, returns: init.type?.getText(src), importsProblem });
                }
        }
    }
    return out;
}

describe("every exported *Problems function returns Problems", () => {
    const found = problemsFunctions();

    it("finds the checkers it guards (the scan is not empty)", () => {
        const names = found.map((f) => f.name);
        for (const n of ["edgeArgProblems", "platformArgProblems", "environmentArgProblems", "quotaProblems"])
            expect(names).toContain(n);
        expect(found.length).toBeGreaterThanOrEqual(15);
    });

    it("declares `Problem[]` as its return type, with Problem from lib/problems.ts (never string[])", () => {
        const wrong = found
            .filter((f) => !(f.returns === "Problem[]" || f.returns === "readonly Problem[]") || !f.importsProblem)
            .map((f) => `${f.file} ${f.name}: returns ${f.returns ?? "(not declared)"}`);
        expect(wrong).toEqual([]);
    });
});
