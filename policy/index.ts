/**
 * The CrossGuard policy pack: `pulumi preview --policy-pack policy`. Only constructs the pack: constructing
 * it starts the policy server, so nothing else may import this file (the rules live in policies.ts).
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("osprey-strike", { policies });
