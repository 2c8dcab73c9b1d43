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
import { gcpSchemas } from "./gcpForceNew";

export interface Await {
    kind: "none" | "rollout" | "job-completion" | "service-endpoints" | "secret-data" | "wait-for" | "deletion" | "gcp-operation";
    detail: string;
}

export interface ParsedJsonPath {
    /** The expression as written, `{...}`. */
    path: string;
    /** The value the selection must equal, when given (`{...}=value`). */
    value?: string;
    query: JSONPathQuery;
}

export type WaitForCondition = { kind: "jsonpath"; jsonpath: ParsedJsonPath } | { kind: "condition"; condition: string };

export class WaitForError extends Error {}

/** jsonpath.go Parse: `jsonpath={<RFC 9535 path without $>}` with an optional `=value`. */
export function parseJsonPath(raw: string): ParsedJsonPath {
    if (raw === "") throw new WaitForError("expected a non-empty JSONPath expression");
    if (!raw.startsWith("jsonpath=")) throw new WaitForError("JSONPath expression must begin with a 'jsonpath=' prefix");
    const body = raw.slice("jsonpath=".length);
    const placeholder = "\uFFFD";
    const parts = body.replaceAll("==", placeholder).split("=");
    if (parts.length > 2) throw new WaitForError(`format should be {.path}=value or {.path}, got "${body}"`);
    const [rawPath = "", rawValue] = parts;
    const path = rawPath.replaceAll(placeholder, "==");
    let value: string | undefined;
    if (rawValue !== undefined) {
        value = rawValue.replaceAll(placeholder, "==");
        if (value === "") throw new WaitForError(`${path}= requires a value`);
    }
    if (path.startsWith("'") && path.endsWith("'")) throw new WaitForError(`${path} should omit shell quotes`);
    const inner = /\{\s*(.*?)\s*\}/.exec(path)?.[1];
    if (inner === undefined) throw new WaitForError(`${path} should be wrapped in brackets { ... }`);
    const expr = inner.startsWith("$") ? inner : `$${inner}`;
    try {
        return { path, ...(value !== undefined ? { value } : {}), query: jsonpath.compile(expr) };
    } catch (e) {
        throw new WaitForError(`parsing "${path}": ${(e as Error).message}`);
    }
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
    return p.value === undefined || String(v) === p.value;
}

const annotation = (r: InventoryResource, key: string): unknown =>
    ((r.inputs.metadata as Record<string, unknown> | undefined)?.annotations as Record<string, unknown> | undefined)?.[key];

function k8sTimeout(r: InventoryResource): string {
    const t = Number(annotation(r, "pulumi.com/timeoutSeconds"));
    return Number.isInteger(t) && t > 0 ? `${t} s` : "10 min";
}

/** What a change of this resource waits for, by operation. */
export function awaitOf(r: InventoryResource, op: "create" | "update" | "replace" | "delete"): Await {
    if (!r.custom) return { kind: "none", detail: "component: no provider operation" };
    if (r.type.startsWith("pulumi:providers:")) return { kind: "none", detail: "provider configuration" };
    if (r.type.startsWith("gcp:")) {
        const t = gcpSchemas[r.type]?.timeouts ?? {};
        const phase = op === "replace" ? "create" : op;
        const minutes = t[phase];
        return { kind: "gcp-operation", detail: `until the ${phase} operation completes${minutes ? ` (provider timeout ${minutes} min)` : ""}` };
    }
    if (!r.type.startsWith("kubernetes:")) return { kind: "none", detail: "no await known for this provider" };
    if (op === "delete") return { kind: "deletion", detail: "until the object is gone" };
    if (annotation(r, "pulumi.com/skipAwait") === "true") return { kind: "none", detail: "pulumi.com/skipAwait" };
    const waitFor = annotation(r, "pulumi.com/waitFor");
    if (typeof waitFor === "string") {
        const conditions = parseWaitFor(waitFor);
        const text = conditions.map((c) => (c.kind === "jsonpath" ? `${c.jsonpath.path}${c.jsonpath.value !== undefined ? `=${c.jsonpath.value}` : ""}` : `condition=${c.condition}`));
        return { kind: "wait-for", detail: `until ${text.join(" and ")} (instead of the kind's own await; timeout ${k8sTimeout(r)})` };
    }
    const kind = r.type.split(":")[2];
    const spec = (r.inputs.spec ?? {}) as Record<string, unknown>;
    switch (kind) {
        case "Deployment":
            return { kind: "rollout", detail: `until the new ReplicaSet's pods are ready and available (timeout ${k8sTimeout(r)})` };
        case "Job":
            return { kind: "job-completion", detail: `until the Job succeeds (timeout ${k8sTimeout(r)})` };
        case "Service": {
            const headless = spec.clusterIP === "None";
            const noSelector = !spec.selector || Object.keys(spec.selector).length === 0;
            if (spec.type === "ExternalName" || headless || noSelector) return { kind: "none", detail: "Service without pods to wait for" };
            return { kind: "service-endpoints", detail: `until ready pods back its endpoints (timeout ${k8sTimeout(r)})` };
        }
        case "Secret":
            return (r.inputs).type === "kubernetes.io/service-account-token"
                ? { kind: "secret-data", detail: "until the token controller fills its data" }
                : { kind: "none", detail: "no await for this kind" };
        default:
            return { kind: "none", detail: "no await for this kind" };
    }
}
