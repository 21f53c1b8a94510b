/** The pack-wide list of accounts trusted besides the stack's own principals (configSchema of the identity rules). */
export const TRUSTED_ACCOUNTS_SCHEMA = {
    trustedAccountIds: {
        type: "array",
        items: { type: "string", pattern: "^[0-9]{12}$" },
        default: [] as string[],
        description:
            "AWS account ids a trust or resource policy may name (the stack's own account included only if listed).",
    },
} as const;
