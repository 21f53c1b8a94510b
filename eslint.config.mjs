// ESLint flat config: typescript-eslint's recommended rules, @pulumi/eslint-plugin (no Output in template literals,
// needs type information) and the import boundaries between the program's layers (eslint-plugin-boundaries).
// Prettier owns the formatting (`npm run format:check`); nothing here is about layout.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import boundaries from "eslint-plugin-boundaries";
import tseslint from "typescript-eslint";

// The Pulumi rules need the type checker (ESLintUtils.getParserServices throws without it). Building the program is
// the cost (~15 s of CPU, like tsc) and it is the same for the program's files alone or for every file (index.ts pulls
// in most of the repo), so every TypeScript file is linted with type information.
const TYPED_FILES = ["**/*.ts"];

// One element per layer, matched on the whole path from the repo root; the first descriptor that matches wins
// index.ts and wiring.ts are matched as files (mode "file", deprecated in v7 but the only way it classifies a file as an
// element); policy/contract.ts is told apart from the rest of policy/ by its path in the components/ policy.
const ELEMENTS = [
    { type: "lib", pattern: "lib/**", partialMatch: false },
    { type: "functions", pattern: "functions/**", partialMatch: false },
    { type: "config", pattern: "config/**", partialMatch: false },
    { type: "policy", pattern: "policy/**", partialMatch: false },
    { type: "components", pattern: "components/**", partialMatch: false },
    { type: "harness", pattern: "harness/**", partialMatch: false },
    { type: "tools", pattern: "tools/**", partialMatch: false },
    { type: "tests", pattern: "tests/**", partialMatch: false },
    { type: "program", pattern: ["index.ts", "wiring.ts"], mode: "file" },
];

const layer = (...types) => ({ element: { types: types.length === 1 ? types[0] : { anyOf: types } } });
const notLayer = (...types) => ({ element: { types: { noneOf: types } } });
const external = (source) => ({ module: { origin: "external", ...(source ? { source } : {}) } });
const refuse = (from, to, message) => ({ from, disallow: { to }, message: `boundary ${message}` });

// Each policy names its boundary in the message ("boundary <layer>/: ..."), which is what a developer reads in the
// editor and what tests/lint/boundaries.test.ts asserts. Later policies win over earlier ones for the same import.
const BOUNDARY_POLICIES = [
    // lib/: pure modules (naming, validation rules).
    // ...and policy/contract.ts, pure data with no imports: the one declaration of what the pack and program share.
    refuse(
        layer("lib"),
        { element: { types: { noneOf: ["lib", "policy"] } } },
        "lib/: lib/ imports only lib/, policy/contract.ts and node builtins",
    ),
    refuse(
        layer("lib"),
        { element: { type: "policy", fileInternalPath: "!contract.ts" } },
        "lib/: lib/ imports only lib/, policy/contract.ts and node builtins",
    ),
    refuse(layer("lib"), external(), "lib/: lib/ imports only lib/ and node builtins (no packages, no @pulumi/*)"),
    // functions/: bundled into Lambda/Workers.
    refuse(
        layer("functions"),
        notLayer("functions"),
        "functions/: functions/ runs in Lambda/Workers and imports only functions/",
    ),
    refuse(
        layer("functions"),
        external("!@aws-sdk/**"),
        "functions/: functions/ imports only node builtins and @aws-sdk/* (no @pulumi/*)",
    ),
    // config/
    refuse(
        layer("config"),
        layer("components", "tools", "tests", "harness"),
        "config/: config/ never imports components/, tools/, tests/ or harness/",
    ),
    // components/
    refuse(
        layer("components"),
        layer("config", "tools", "tests", "harness", "program"),
        "components/: components/ never imports config/, tools/, tests/, harness/, index.ts or wiring.ts",
    ),
    refuse(
        layer("components"),
        { element: { type: "policy", fileInternalPath: "!{contract,supportCalendars}.ts" } },
        "components/: components/ imports only policy/contract.ts and policy/supportCalendars.ts of policy/",
    ),
    // policy/: the CrossGuard pack is published on its own.
    refuse(layer("policy"), notLayer("policy"), "policy/: policy/ imports only policy/ and @pulumi/policy"),
    refuse(layer("policy"), external("!@pulumi/policy"), "policy/: policy/ imports only policy/ and @pulumi/policy"),
    // harness/: mock cloud, fixtures, fakes, program runner; shared by tools and tests.
    refuse(layer("harness"), layer("tools", "tests"), "harness/: harness/ never imports tools/ or tests/"),
    // tools/
    refuse(layer("tools"), layer("tests"), "tools/: tools/ never imports tests/ (shared code belongs in harness/)"),
    // index.ts, wiring.ts
    refuse(
        layer("program"),
        layer("tools", "tests", "harness"),
        "index.ts/wiring.ts: the program never imports tools/, tests/ or harness/",
    ),
];

export default tseslint.config(
    {
        ignores: [
            "node_modules/**",
            "bin/**",
            "kubernetes/**",
            "policy/node_modules/**",
            "policy/lib/awsTaggableTypes.json",
            "components/cluster/albControllerIamPolicy.json",
        ],
    },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        rules: {
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
            ],
        },
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: {
            sourceType: "commonjs",
            globals: { module: "writable", require: "readonly", __dirname: "readonly", process: "readonly" },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: TYPED_FILES,
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
    {
        files: ["**/*.ts"],
        plugins: { boundaries },
        settings: {
            "boundaries/elements": ELEMENTS,
            "boundaries/include": ["**/*.ts"],
            "import/resolver": { node: { extensions: [".ts", ".js", ".json"] } },
        },
        rules: {
            "boundaries/dependencies": [
                "error",
                { default: "allow", checkAllOrigins: true, policies: BOUNDARY_POLICIES },
            ],
        },
    },
);
