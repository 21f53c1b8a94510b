// @pulumi/pulumi's `require("../../typescript-shim")`, loaded on first use (tests/setup/lazyModules.js says why).
const path = require("node:path");
const { lazyObject, PULUMI_DIR } = require("./lazyModules");

module.exports = lazyObject(() => require(path.join(PULUMI_DIR, "typescript-shim.js")));
