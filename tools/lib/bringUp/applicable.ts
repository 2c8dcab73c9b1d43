/**
 * Whether a stack can be applied as it stands, said plainly by every tool that judges one (plan,
 * remediate, review, bringup): a secret key with no value lets the offline plan and `pulumi
 * preview` run, but `pulumi up` stops before it creates anything. One warning line per key, naming
 * it, what happens and who sets it; never a failure of the tool itself, and never a value.
 */
import { secretKeys } from "../configKeys";

const namespace = "voice-agent:";

/**
 * The warnings for a stack, given its stack file's `config:` map (namespaced keys; bare keys are
 * read too). Not the plan's inventory: the program drops the secrets from the config it resolves.
 */
export function cannotApplyWarnings(stack: string, config: unknown): string[] {
    const map = config !== null && typeof config === "object" ? (config as Record<string, unknown>) : {};
    const has = (key: string) => map[key] !== undefined || map[key.slice(namespace.length)] !== undefined;
    return secretKeys
        .filter((key) => !has(key))
        .map(
            (key) =>
                `warning: ${stack} cannot be applied yet: ${key} has no value in Pulumi.${stack}.yaml, ` +
                `so pulumi up stops ` +
                `before creating anything (MissingSecretError); the cell's on-call lead sets it with ` +
                `pulumi config set --secret ${key} <value> -s ${stack} (docs/bring-up.md, "Secrets")`,
        );
}
