/**
 * The incident tools' input limits (docs/design.md "Limits"). Each bounds what one input
 * can cost: far above any real stack file or override, far below what would hang a tool or
 * exhaust its memory. Input over a limit is refused with exit 1 (exit 2 for `policy`'s inventory).
 */
export const limits = {
    /** Bytes of a stack file (they are a few kilobytes). */
    stackFileBytes: 1024 * 1024,
    /** Bytes of a `policy` inventory, file or stdin (a prod plan is about 300 kB). */
    inventoryBytes: 32 * 1024 * 1024,
    /** Nesting depth of a YAML or JSON value. */
    depth: 32,
    /** Alias expansions in one YAML document (the `yaml` library's maxAliasCount). */
    aliasCount: 100,
    /** Segments of a `--set` key path. */
    pathSegments: 16,
    /** Characters of one `--set` argument. */
    setLength: 64 * 1024,
    /** Characters of one key or path segment. */
    keyLength: 128,
    /** Largest array index a `--set` path may name. */
    arrayIndex: 1000,
    /** How long `remediate` waits for another run's lock on the same stack file, in seconds. */
    lockWaitSeconds: 30,
} as const;
