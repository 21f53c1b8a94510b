// `require("@pulumi/aws")`: its namespaces load when first read (tests/setup/lazyModules.js `lazyNamespaces` says why).
module.exports = require("./lazyModules").lazyNamespaces("@pulumi/aws");
