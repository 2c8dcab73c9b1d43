/**
 * The one door to the Pulumi SDK's internal modules (@pulumi/pulumi 3.248.0: `runtime/mocks`,
 * `runtime/settings`, `runtime/state`, `runtime/debuggable`, `runtime/config`), which its public
 * index does not export and, for some, its typings do not declare. The config reader and the
 * offline plan depend on them; keeping every such use here means an SDK upgrade is checked in one
 * file. Each module is required on first use, so loading the program loads none it does not need.
 */
import type * as mocks from "@pulumi/pulumi/runtime/mocks";
import type * as settings from "@pulumi/pulumi/runtime/settings";

/** `runtime/debuggable`'s exports (not in the typings); callers look the wrapper up on them at each call. */
export interface DebuggableModule {
    debuggablePromise: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
    debugPromiseLeaks: boolean;
}

/** Pulumi's MockMonitor class, the monitor `pulumi.runtime.setMocks` installs. */
export function mockMonitorClass(): typeof mocks.MockMonitor {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not with the program
    return (require("@pulumi/pulumi/runtime/mocks") as typeof mocks).MockMonitor;
}

/** `settings.setMockOptions`: the stack, project and monitor `setMocks` would set. */
export function setMockOptions(
    ...args: Parameters<typeof settings.setMockOptions>
): ReturnType<typeof settings.setMockOptions> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not with the program
    return (require("@pulumi/pulumi/runtime/settings") as typeof settings).setMockOptions(...args);
}

/** `settings.waitForRPCs` (not in the typings): what `pulumi up` awaits before it reads the outputs. */
export function waitForRPCs(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal function without typings
    return (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/** The SDK's global store (`runtime/state` getStore, not in the typings), whose feature flags setMocks sets. */
export function runtimeStore(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module without typings
    return (require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> }).getStore();
}

/** `runtime/debuggable`, whose promise wrapper the plan runner swaps while it runs. */
export function debuggableModule(): DebuggableModule {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module without typings
    return require("@pulumi/pulumi/runtime/debuggable") as DebuggableModule;
}

/**
 * Whether the stack holds a key as a secret: `isConfigSecret` of `runtime/config` (not in the
 * typings), which reads PULUMI_CONFIG_SECRET_KEYS and which `Config.get` uses to warn about a
 * secret read as plain text.
 */
export function isConfigSecret(key: string): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module without typings
    return (require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean }).isConfigSecret(key);
}
