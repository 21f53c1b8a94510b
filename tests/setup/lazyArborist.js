// @pulumi/pulumi's `require("@npmcli/arborist")`, loaded on first use (tests/setup/lazyModules.js says why). Its
// codePaths.js copies the module's own properties (TypeScript's __importStar) and calls `new arborist.Arborist(...)`:
// the module's named exports are here, each loading the module when first constructed or read.
const { fromPulumi, lazyClass } = require("./lazyModules");

let real;
const load = () => (real ??= require(fromPulumi("@npmcli/arborist/lib/index.js")));
module.exports = Object.fromEntries(
    ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"].map((name) => [name, lazyClass(() => load()[name])]),
);
