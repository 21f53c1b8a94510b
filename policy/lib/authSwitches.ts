/**
 * docs/requirements.md, Build-tag security: a dev build honours ALB_SIGNATURE_VALIDATION_ENABLED and
 * WEBHOOK_AUTH_ENABLED;
 * a production build ignores them. We never set them off anywhere, so a mistaken dev image cannot run open.
 */
export const AUTH_SWITCHES = ["ALB_SIGNATURE_VALIDATION_ENABLED", "WEBHOOK_AUTH_ENABLED"] as const;

/** false-y spellings, compared trimmed and case-insensitively. */
const FALSY = /^(false|0|no|off)$/i;

export function isAuthOff(name: string, value: unknown): boolean {
    if (!(AUTH_SWITCHES as readonly string[]).includes(name)) return false;
    if (value === false || value === 0) return true;
    return typeof value === "string" && FALSY.test(value.trim());
}
