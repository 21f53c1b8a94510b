// `require("@pulumi/awsx")`: its namespaces (classic, ec2, ecr, ...) load when first read (tests/setup/lazyModules.js).
module.exports = require("./lazyModules").lazyNamespaces("@pulumi/awsx");
