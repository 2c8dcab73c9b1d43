/**
 * The `ignoreChanges` resource option as the engine applies it before the provider's diff: an
 * input under an ignored property path keeps its old value, so changing it in the program is not a
 * change (and never a replacement). Paths use Pulumi's property-path syntax: `initialNodeCount`,
 * `spec.replicas`, `tags["a.b"]`, `items[0]`, `items[*]`.
 * https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/
 */

/** A property path as segments; `*` matches any key or index. */
export function parsePropertyPath(path: string): string[] {
    const segments: string[] = [];
    const re = /([^.[\]]+)|\[(\d+|\*)\]|\["((?:[^"\\]|\\.)*)"\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(path)) !== null) segments.push(m[1] ?? m[2] ?? (JSON.parse(`"${m[3] ?? ""}"`) as string));
    return segments;
}

/** True when an input path (as microdiff reports it) lies at or under one of the ignored paths. */
export function isIgnored(
    inputPath: readonly (string | number)[],
    ignoreChanges: readonly string[] | undefined,
): boolean {
    if (!ignoreChanges || ignoreChanges.length === 0) return false;
    return ignoreChanges.some((ignored) => {
        const segments = parsePropertyPath(ignored);
        return segments.length <= inputPath.length && segments.every((s, i) => s === "*" || s === String(inputPath[i]));
    });
}
