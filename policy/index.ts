/**
 * The CrossGuard policy pack: `pulumi preview --policy-pack policy` (run `npm install` in policy/ first).
 * Only constructs the pack: constructing it starts the policy gRPC server, so nothing may import this file;
 * the rules live in policies.ts, which the offline plan and the tests import instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("osprey-strike", { policies });
