// @pulumi/pulumi's `require("../../typescript-shim")`, loaded on first use (tests/setup/lazyModules.js says why).
const path = require("node:path");
const { lazyObject } = require("./lazyModules");

const shim = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "typescript-shim.js");
module.exports = lazyObject(() => require(shim));
