/**
 * What each step waits for before Pulumi moves on to the changes that depend on it.
 *
 * Kubernetes (pulumi-kubernetes provider/pkg/await): `pulumi.com/skipAwait: "true"` waits for
 * nothing; a `pulumi.com/waitFor` annotation replaces the built-in await of the kind
 * (await.go:321-347, metadata/overrides.go ReadyCondition); otherwise the kind's awaiter
 * (awaiters.go:196): a Deployment's rollout, a Job's completion, a Service's endpoints, a
 * service-account-token Secret's data; ConfigMap, Namespace, HPA, PDB and ServiceAccount (on
 * Kubernetes >= 1.24) wait for nothing. Creates and updates time out after 10 minutes unless
 * `pulumi.com/timeoutSeconds` says otherwise (await.go:306, :491); deletes wait until the object
 * is gone (await.go:976).
 *
 * `waitFor` values are parsed as pulumi-kubernetes does (provider/pkg/jsonpath/jsonpath.go Parse,
 * RFC 9535 since pulumi/pulumi-kubernetes#3658) with json-p3, an RFC 9535 implementation.
 *
 * GCP: a step lasts until the provider's operation completes, bounded by the resource's default
 * timeouts (schema.ResourceTimeout in the provider source).
 */
import { jsonpath, type JSONPathQuery, type JSONValue } from "json-p3";
import type { InventoryResource } from "../plan";
import { gcpRules } from "./generatedRules";

export interface Await {
    kind:
        | "none"
        | "rollout"
        | "job-completion"
        | "service-endpoints"
        | "secret-data"
        | "wait-for"
        | "deletion"
        | "gcp-operation";
    detail: string;
}

export interface ParsedJsonPath {
    /** The expression as written, `{...}`. */
    path: string;
    /** The value the selection must equal, when given (`{...}=value`). */
    value?: string;
    query: JSONPathQuery;
}

export type WaitForCondition =
    { kind: "jsonpath"; jsonpath: ParsedJsonPath } | { kind: "condition"; condition: string };

export class WaitForError extends Error {}

/**
 * Where the waitFor parser below was ported from: jsonpath.go of the pinned release, read at its
 * tag's commit.
 */
export const waitForParserSource = {
    file: "pulumi-kubernetes provider/pkg/jsonpath/jsonpath.go (Parse)",
    version: "v4.32.0",
    commit: "a03ff6ba58d2f1ea68319dda4b2c982119489c71",
    pin: "@pulumi/kubernetes 4.32.0",
} as const;

// jsonpath.go Parse keeps an `==` whole by swapping it for U+FFFD before it splits on `=`.
const doubleEquals = "\uFFFD";

// jsonpath.go _bracketExpr, `\{\s*(.*?)\s*\}` in Go's RE2: `\s` is [\t\n\f\r ] and `.` is any
// character but a newline, so both are spelled out rather than left to JavaScript's wider classes.
const bracketExpr = /\{[\t\n\f\r ]*([^\n]*?)[\t\n\f\r ]*\}/;

/**
 * jsonpath.go Parse: `jsonpath={<RFC 9535 path without $>}` with an optional `=value`. The text
 * is split on every `=` that is not part of `==`, so an `=` anywhere else (inside a quoted string
 * or a `<=`) makes a third part or a wrong value; the path is what lies between the first `{` and
 * the first `}` after it, so a `}` inside a quoted string ends it early.
 */
export function parseJsonPath(raw: string): ParsedJsonPath {
    if (raw === "") throw new WaitForError("expected a non-empty JSONPath expression");
    if (!raw.startsWith("jsonpath="))
        throw new WaitForError("JSONPath expression must begin with a 'jsonpath=' prefix");
    const body = raw.slice("jsonpath=".length);
    const parts = body.replaceAll("==", doubleEquals).split("=");
    const path = (parts[0] ?? "").replaceAll(doubleEquals, "==");
    if (parts.length > 2) throw new WaitForError(`format should be {.path}=value or {.path}, got ${goQuote(body)}`);
    let value = "";
    if (parts.length === 2) {
        value = (parts[1] ?? "").replaceAll(doubleEquals, "==");
        if (value === "") throw new WaitForError(`${path}= requires a value`);
    }
    if (path.startsWith("'") && path.endsWith("'")) throw new WaitForError(`${path} should omit shell quotes`);
    const inner = bracketExpr.exec(path)?.[1];
    if (inner === undefined) throw new WaitForError(`${path} should be wrapped in brackets { ... }`);
    const expr = inner.startsWith("$") ? inner : `$${inner}`;
    try {
        return { path, ...(value !== "" ? { value } : {}), query: jsonpath.compile(expr) };
    } catch (e) {
        throw new WaitForError(`parsing ${goQuote(path)}: ${(e as Error).message}`);
    }
}

/** Go's %q of a string of printable characters: quotes and backslashes escaped. */
function goQuote(s: string): string {
    return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** metadata/overrides.go ReadyCondition: a JSON array of expressions, or one expression. */
export function parseWaitFor(annotation: string): WaitForCondition[] {
    let values: string[];
    try {
        const parsed: unknown = JSON.parse(annotation);
        values = Array.isArray(parsed) && parsed.every((v) => typeof v === "string") ? parsed : [annotation];
    } catch {
        values = [annotation];
    }
    if (values.length === 0) throw new WaitForError("at least one condition must be specified");
    return values.map((expr): WaitForCondition => {
        if (expr.startsWith("jsonpath=")) return { kind: "jsonpath", jsonpath: parseJsonPath(expr) };
        if (expr.startsWith("condition=")) return { kind: "condition", condition: expr.slice("condition=".length) };
        throw new WaitForError(`expected a "jsonpath=" or "condition=" prefix, got "${expr}"`);
    });
}

/** condition/jsonpath.go Satisfied + jsonpath.go Matches, on an object as the API server returns it. */
export function jsonPathSatisfied(p: ParsedJsonPath, obj: Record<string, unknown>): boolean {
    const generation = (obj.metadata as Record<string, unknown> | undefined)?.generation;
    const observed = (obj.status as Record<string, unknown> | undefined)?.observedGeneration;
    if (typeof generation === "number" && typeof observed === "number" && observed < generation) return false;
    const found = p.query.query(obj as JSONValue).values();
    if (found.length === 0) return false;
    const v = found[0];
    if (v !== null && typeof v === "object") {
        if (p.value === undefined) return true;
        throw new WaitForError(`"${p.path}" has a non-primitive value`);
    }
    // Go's fmt.Sprint of the selection: null prints as <nil>.
    return p.value === undefined || (v === null ? "<nil>" : String(v)) === p.value;
}

const annotation = (r: InventoryResource, key: string): unknown =>
    ((r.inputs.metadata as Record<string, unknown> | undefined)?.annotations as Record<string, unknown> | undefined)?.[
        key
    ];

function k8sTimeout(r: InventoryResource): string {
    const t = Number(annotation(r, "pulumi.com/timeoutSeconds"));
    return Number.isInteger(t) && t > 0 ? `${t} s` : "10 min";
}

/** What a change of this resource waits for, by operation. */
export function awaitOf(resource: InventoryResource, op: "create" | "update" | "replace" | "delete"): Await {
    if (!resource.custom) return { kind: "none", detail: "component: no provider operation" };
    if (resource.type.startsWith("pulumi:providers:")) return { kind: "none", detail: "provider configuration" };
    if (resource.type.startsWith("gcp:")) {
        const t = gcpRules.schemas[resource.type]?.timeouts ?? {};
        const phase = op === "replace" ? "create" : op;
        const minutes = t[phase];
        return {
            kind: "gcp-operation",
            detail: `until the ${phase} operation completes${minutes ? ` (provider timeout ${minutes} min)` : ""}`,
        };
    }
    if (!resource.type.startsWith("kubernetes:")) return { kind: "none", detail: "no await known for this provider" };
    if (op === "delete") return { kind: "deletion", detail: "until the object is gone" };
    if (annotation(resource, "pulumi.com/skipAwait") === "true")
        return { kind: "none", detail: "pulumi.com/skipAwait" };
    const waitFor = annotation(resource, "pulumi.com/waitFor");
    if (typeof waitFor === "string") {
        const conditions = parseWaitFor(waitFor);
        const text = conditions.map((c) =>
            c.kind === "jsonpath"
                ? `${c.jsonpath.path}${c.jsonpath.value !== undefined ? `=${c.jsonpath.value}` : ""}`
                : `condition=${c.condition}`,
        );
        return {
            kind: "wait-for",
            detail: `until ${text.join(" and ")} (instead of the kind's own await; timeout ${k8sTimeout(resource)})`,
        };
    }
    const kind = resource.type.split(":")[2];
    const spec = (resource.inputs.spec ?? {}) as Record<string, unknown>;
    switch (kind) {
        case "Deployment":
            return {
                kind: "rollout",
                detail: `until the new ReplicaSet's pods are ready and available (timeout ${k8sTimeout(resource)})`,
            };
        case "Job":
            return { kind: "job-completion", detail: `until the Job succeeds (timeout ${k8sTimeout(resource)})` };
        case "Service": {
            const headless = spec.clusterIP === "None";
            const noSelector = !spec.selector || Object.keys(spec.selector).length === 0;
            if (spec.type === "ExternalName" || headless || noSelector)
                return { kind: "none", detail: "Service without pods to wait for" };
            return {
                kind: "service-endpoints",
                detail: `until ready pods back its endpoints (timeout ${k8sTimeout(resource)})`,
            };
        }
        case "Secret":
            return resource.inputs.type === "kubernetes.io/service-account-token"
                ? { kind: "secret-data", detail: "until the token controller fills its data" }
                : { kind: "none", detail: "no await for this kind" };
        default:
            return { kind: "none", detail: "no await for this kind" };
    }
}
