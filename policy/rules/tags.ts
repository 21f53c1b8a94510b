/**
 * Every taggable AWS resource carries project, environment and stack tags, in its own tags or through its
 * explicit provider's defaultTags (how this program tags everything): cost reports and on-call triage rely on them.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { objectOf, providerDefaultTags, REQUIRED_TAGS } from "../lib/props";
import taggable from "../lib/awsTaggableTypes.json";

/** Generated from the installed SDK by tools/writeAwsTaggableTypes.ts. */
const TAGGABLE = new Set(taggable.types);

export const requiredTags: ResourceValidationPolicy = {
    name: "required-tags",
    description: `Taggable AWS resources carry ${REQUIRED_TAGS.join(", ")} tags (own tags or the explicit aws provider's defaultTags).`,
    enforcementLevel: "mandatory",
    severity: "low",
    remediationSteps: "Create AWS resources with the program's explicit aws provider (components/providers.ts), whose defaultTags carry them.",
    validateResource: (args, report) => {
        // Components (awsx, eks) are judged through their children in a real preview, which inherit the provider.
        if (!TAGGABLE.has(args.type)) return;
        const tags = { ...providerDefaultTags(args.provider), ...(objectOf(args.props.tags) ?? {}) };
        const missing = REQUIRED_TAGS.filter((t) => !tags[t]);
        if (missing.length > 0) report(`missing tag(s) ${missing.join(", ")}`);
    },
};
