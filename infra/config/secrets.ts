/**
 * What an unset secret means, as a pure decision: `pulumi preview` (and the offline plan, which
 * runs with preview semantics) may go ahead without the secret, because nothing is created and the
 * value is shown only as a secret; `pulumi up` must stop before it creates a notification channel
 * that cannot page anyone. The error names the key and the command that sets it.
 */
export type SecretResolution =
    /** The stack holds the secret: use it (as a secret Output). */
    | "use"
    /**
     * Preview without the secret: an empty string marked secret stands in. It is never applied
     * (`pulumi up` throws first), shows as `[secret]` like the real key, and keeps the inventory
     * honest about where the secret flows. (An unknown value would be truer, but Pulumi drops the
     * secret mark of unknown inputs on the wire, so the plan would no longer show the input as a secret.)
     */
    | "empty-secret-in-preview";

export class MissingSecretError extends Error {
    /** `key` is the full config key, e.g. `voice-agent:pagerDutyServiceKey`. */
    constructor(readonly key: string) {
        super(`${key}: is required for pulumi up but not set; set it with: pulumi config set --secret ${key} <value>`);
        this.name = "MissingSecretError";
    }
}

export function resolveSecret(key: string, state: { present: boolean; dryRun: boolean }): SecretResolution {
    if (state.present) return "use";
    if (state.dryRun) return "empty-secret-in-preview";
    throw new MissingSecretError(key);
}
