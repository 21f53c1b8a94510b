// `require("@pulumi/kubernetes")`: its namespaces load when first read (tests/setup/lazyModules.js says why).
module.exports = require("./lazyModules").lazyNamespaces("@pulumi/kubernetes");
