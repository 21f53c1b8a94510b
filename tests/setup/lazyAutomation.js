// @pulumi/pulumi's `require("./automation")` (its index exports the Automation API, which no test uses; it loads execa
// and more), loaded on first use (tests/setup/lazyModules.js says why).
const path = require("node:path");
const { lazyObject, PULUMI_DIR } = require("./lazyModules");

module.exports = lazyObject(() => require(path.join(PULUMI_DIR, "automation", "index.js")), { esModule: true });
