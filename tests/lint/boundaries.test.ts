// The import boundaries of eslint.config.mjs, proved on small snippets. ESLint runs in a child process (its config is an
// ES module, which jest's CommonJS runtime cannot import) against a skeleton of the target layout in a temp folder, so
// the cases do not depend on which files exist in the repo today (lib/ and harness/ are still to come).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

// Every file a case imports or lints as; all empty modules.
const SKELETON = [
    "lib/naming.ts",
    "lib/validation.ts",
    "functions/cidr.ts",
    "functions/handler.ts",
    "config/schema.ts",
    "components/cluster/index.ts",
    "policy/contract.ts",
    "policy/policies.ts",
    "policy/cost/index.ts",
    "policy/lib/props.ts",
    "harness/mockCloud.ts",
    "tools/graph.ts",
    "tests/helpers.ts",
    "index.ts",
    "wiring.ts",
];

type Case = { name: string; file: string; code: string; refused?: string };

// refused: the boundary the message must name; absent: the import must pass.
const CASES: Case[] = [
    {
        name: "lib/ refuses @pulumi/*",
        file: "lib/naming.ts",
        code: `import * as pulumi from "@pulumi/pulumi";`,
        refused: "boundary lib/",
    },
    {
        name: "lib/ refuses components/",
        file: "lib/naming.ts",
        code: `import * as c from "../components/cluster";`,
        refused: "boundary lib/",
    },
    {
        name: "lib/ refuses policy/ other than contract.ts",
        file: "lib/naming.ts",
        code: `import * as c from "../policy/cost";`,
        refused: "boundary lib/: lib/ imports only lib/, policy/contract.ts",
    },
    {
        name: "lib/ allows lib/, policy/contract.ts and node builtins",
        file: "lib/naming.ts",
        code: `import * as v from "./validation";\nimport * as k from "../policy/contract";\nimport * as fs from "node:fs";\nimport * as p from "path";`,
    },

    {
        name: "functions/ refuses @pulumi/*",
        file: "functions/handler.ts",
        code: `import * as aws from "@pulumi/aws";`,
        refused: "boundary functions/",
    },
    {
        name: "functions/ refuses config/",
        file: "functions/handler.ts",
        code: `import * as s from "../config/schema";`,
        refused: "boundary functions/",
    },
    {
        name: "functions/ refuses lib/",
        file: "functions/handler.ts",
        code: `import * as n from "../lib/naming";`,
        refused: "boundary functions/",
    },
    {
        name: "functions/ refuses components/",
        file: "functions/handler.ts",
        code: `import * as c from "../components/cluster";`,
        refused: "boundary functions/",
    },
    {
        name: "functions/ allows functions/, node builtins and @aws-sdk/*",
        file: "functions/handler.ts",
        code: `import * as c from "./cidr";\nimport * as crypto from "node:crypto";\nimport { EC2Client } from "@aws-sdk/client-ec2";`,
    },

    {
        name: "config/ refuses components/",
        file: "config/schema.ts",
        code: `import * as c from "../components/cluster";`,
        refused: "boundary config/",
    },
    {
        name: "config/ refuses tools/",
        file: "config/schema.ts",
        code: `import * as g from "../tools/graph";`,
        refused: "boundary config/",
    },
    {
        name: "config/ refuses tests/",
        file: "config/schema.ts",
        code: `import * as h from "../tests/helpers";`,
        refused: "boundary config/",
    },
    {
        name: "config/ refuses harness/",
        file: "config/schema.ts",
        code: `import * as m from "../harness/mockCloud";`,
        refused: "boundary config/",
    },
    {
        name: "config/ allows lib/ and @pulumi/pulumi",
        file: "config/schema.ts",
        code: `import * as n from "../lib/naming";\nimport * as pulumi from "@pulumi/pulumi";`,
    },

    {
        name: "components/ refuses config/",
        file: "components/cluster/index.ts",
        code: `import * as s from "../../config/schema";`,
        refused: "boundary components/",
    },
    {
        name: "components/ refuses tools/",
        file: "components/cluster/index.ts",
        code: `import * as g from "../../tools/graph";`,
        refused: "boundary components/",
    },
    {
        name: "components/ refuses tests/",
        file: "components/cluster/index.ts",
        code: `import * as h from "../../tests/helpers";`,
        refused: "boundary components/",
    },
    {
        name: "components/ refuses harness/",
        file: "components/cluster/index.ts",
        code: `import * as m from "../../harness/mockCloud";`,
        refused: "boundary components/",
    },
    {
        name: "components/ refuses index.ts",
        file: "components/cluster/index.ts",
        code: `import * as i from "../../index";`,
        refused: "boundary components/",
    },
    {
        name: "components/ refuses wiring.ts",
        file: "components/cluster/index.ts",
        code: `import * as w from "../../wiring";`,
        refused: "boundary components/",
    },
    {
        name: "components/ refuses policy/ other than contract.ts",
        file: "components/cluster/index.ts",
        code: `import * as c from "../../policy/cost";`,
        refused: "boundary components/: components/ imports only policy/contract.ts",
    },
    {
        name: "components/ allows lib/, functions/, policy/contract.ts and @pulumi/*",
        file: "components/cluster/index.ts",
        code: `import * as n from "../../lib/naming";\nimport * as f from "../../functions/cidr";\nimport type * as k from "../../policy/contract";\nimport * as aws from "@pulumi/aws";\nimport * as pulumi from "@pulumi/pulumi";`,
    },

    {
        name: "policy/ refuses lib/",
        file: "policy/policies.ts",
        code: `import * as n from "../lib/naming";`,
        refused: "boundary policy/",
    },
    {
        name: "policy/ refuses components/",
        file: "policy/policies.ts",
        code: `import * as c from "../components/cluster";`,
        refused: "boundary policy/",
    },
    {
        name: "policy/ refuses config/",
        file: "policy/policies.ts",
        code: `import * as s from "../config/schema";`,
        refused: "boundary policy/",
    },
    {
        name: "policy/ refuses harness/",
        file: "policy/policies.ts",
        code: `import * as m from "../harness/mockCloud";`,
        refused: "boundary policy/",
    },
    {
        name: "policy/ refuses packages other than @pulumi/policy",
        file: "policy/policies.ts",
        code: `import * as aws from "@pulumi/aws";`,
        refused: "boundary policy/",
    },
    {
        name: "policy/contract.ts refuses components/",
        file: "policy/contract.ts",
        code: `import * as c from "../components/cluster";`,
        refused: "boundary policy/",
    },
    {
        name: "policy/ allows policy/ (its own lib/ too) and @pulumi/policy",
        file: "policy/policies.ts",
        code: `import * as k from "./contract";\nimport * as p from "./lib/props";\nimport * as policy from "@pulumi/policy";`,
    },

    {
        name: "harness/ refuses tools/",
        file: "harness/mockCloud.ts",
        code: `import * as g from "../tools/graph";`,
        refused: "boundary harness/",
    },
    {
        name: "harness/ refuses tests/",
        file: "harness/mockCloud.ts",
        code: `import * as h from "../tests/helpers";`,
        refused: "boundary harness/",
    },
    {
        name: "harness/ allows the program's layers",
        file: "harness/mockCloud.ts",
        code: `import * as s from "../config/schema";\nimport * as pulumi from "@pulumi/pulumi";`,
    },

    {
        name: "tools/ refuses tests/",
        file: "tools/graph.ts",
        code: `import * as h from "../tests/helpers";`,
        refused: "boundary tools/",
    },
    {
        name: "tools/ refuses tests/ through require()",
        file: "tools/graph.ts",
        code: `const h = require("../tests/helpers");`,
        refused: "boundary tools/",
    },
    {
        name: "tools/ allows harness/",
        file: "tools/graph.ts",
        code: `import * as m from "../harness/mockCloud";\nimport * as i from "../index";`,
    },

    {
        name: "index.ts refuses tools/",
        file: "index.ts",
        code: `import * as g from "./tools/graph";`,
        refused: "boundary index.ts/wiring.ts",
    },
    {
        name: "wiring.ts refuses tests/",
        file: "wiring.ts",
        code: `import * as h from "./tests/helpers";`,
        refused: "boundary index.ts/wiring.ts",
    },
    {
        name: "index.ts refuses harness/",
        file: "index.ts",
        code: `import * as m from "./harness/mockCloud";`,
        refused: "boundary index.ts/wiring.ts",
    },
    {
        name: "index.ts allows config/, components/ and lib/",
        file: "index.ts",
        code: `import * as s from "./config/schema";\nimport * as c from "./components/cluster";\nimport * as n from "./lib/naming";\nimport * as w from "./wiring";`,
    },

    {
        name: "tests/ may import anything",
        file: "tests/helpers.ts",
        code: `import * as g from "../tools/graph";\nimport * as m from "../harness/mockCloud";\nimport * as c from "../components/cluster";`,
    },
];

const LINT_SCRIPT = `
const { ESLint } = require(process.env.ESLINT_PATH);
const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
const eslint = new ESLint({
    cwd: process.env.SKELETON_DIR,
    overrideConfigFile: process.env.CONFIG_PATH,
    ruleFilter: ({ ruleId }) => ruleId === "boundaries/dependencies",
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});
(async () => {
    const out = [];
    for (const c of cases) {
        const [result] = await eslint.lintText(c.code, { filePath: require("node:path").join(process.env.SKELETON_DIR, c.file) });
        out.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message, fatal: !!m.fatal })));
    }
    process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

type Message = { ruleId: string | null; message: string; fatal: boolean };

describe("import boundaries (eslint.config.mjs)", () => {
    let skeleton: string;
    let results: Message[][];

    beforeAll(() => {
        skeleton = fs.mkdtempSync(path.join(os.tmpdir(), "boundaries-"));
        for (const f of SKELETON) {
            fs.mkdirSync(path.dirname(path.join(skeleton, f)), { recursive: true });
            fs.writeFileSync(path.join(skeleton, f), "export {};\n");
        }
        // External packages (@pulumi/*, @aws-sdk/*) resolve as they do in the repo.
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(skeleton, "node_modules"), "dir");
        const run = spawnSync(process.execPath, ["-e", LINT_SCRIPT], {
            cwd: skeleton,
            input: JSON.stringify(CASES),
            encoding: "utf8",
            env: {
                ...process.env,
                SKELETON_DIR: skeleton,
                CONFIG_PATH: path.join(ROOT, "eslint.config.mjs"),
                ESLINT_PATH: require.resolve("eslint"),
            },
        });
        if (run.status !== 0) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
        results = JSON.parse(run.stdout) as Message[][];
    });

    afterAll(() => fs.rmSync(skeleton, { recursive: true, force: true }));

    test.each(CASES.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
        const c = CASES[i];
        const messages = results[i];
        expect(messages.filter((m) => m.fatal)).toEqual([]);
        const boundaryMessages = messages.filter((m) => m.ruleId === "boundaries/dependencies").map((m) => m.message);
        if (c.refused) {
            expect(boundaryMessages).toHaveLength(1);
            expect(boundaryMessages[0]).toContain(c.refused);
        } else {
            expect(boundaryMessages).toEqual([]);
        }
    });
});
