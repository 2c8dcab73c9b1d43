/**
 * Awaits: every `pulumi.com/waitFor` of both prod plans parses as pulumi-kubernetes parses it (RFC
 * 9535), and the NEG Service's is satisfied exactly when GKE's NEG controller has written its
 * status annotation.
 */
import { defined } from "../../../core/defined";
import * as assert from "assert";
import { awaitOf, jsonPathSatisfied, parseJsonPath, parseWaitFor, WaitForError } from "../../../tools/lib/engine/awaits";
import { ofType, planOf, prodStacks } from "../../support/plans";
import { res } from "./synthetic";

const negExpr = "jsonpath={.metadata.annotations['cloud.google.com/neg-status']}";
/** The shape GKE's NEG controller writes (cloud.google.com/kubernetes-engine/docs/how-to/standalone-neg). */
const negStatus = JSON.stringify({ network_endpoint_groups: { "80": "voice-agent-neg-europe-west1" }, zones: ["europe-west1-b", "europe-west1-c", "europe-west1-d"] });
const service = (annotations: Record<string, string>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "voice-agent", namespace: "voice-agent", annotations }, spec: { type: "ClusterIP" } });

describe("pulumi.com/waitFor", () => {
    for (const { stack } of prodStacks) {
        it(`${stack}: every waitFor parses under RFC 9535; the two NEG Services carry the bracket form, matched against every zone's status`, async () => {
            const found = (await planOf(stack)).resources
                .map((r) => (r.inputs as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations?.["pulumi.com/waitFor"])
                .filter((w): w is string => w !== undefined);
            assert.deepStrictEqual(found.map((w) => w.split("=").slice(0, 2).join("=")), [negExpr, negExpr]);
            for (const w of found) assert.deepStrictEqual(parseWaitFor(w).map((c) => c.kind), ["jsonpath"]);
        });
    }

    it("the NEG Service's waitFor is satisfied once neg-status is written, not before", async () => {
        const svc = defined(ofType(await planOf("prod-eu"), "kubernetes:core/v1:Service")[0], "a Service");
        const [cond] = parseWaitFor(defined((svc.inputs as { metadata: { annotations: Record<string, string | undefined> } }).metadata.annotations["pulumi.com/waitFor"], "the waitFor annotation"));
        assert.strictEqual(cond?.kind, "jsonpath");
        if (cond.kind !== "jsonpath") return;
        const neg = { "cloud.google.com/neg": '{"exposed_ports":{"80":{"name":"voice-agent-neg-europe-west1"}}}' };
        assert.strictEqual(jsonPathSatisfied(cond?.jsonpath, service({ ...neg, "cloud.google.com/neg-status": negStatus })), true);
        assert.strictEqual(jsonPathSatisfied(cond?.jsonpath, service(neg)), false);
    });

    it("the dotted, escaped form is rejected, as the provider rejects it", () => {
        assert.throws(() => parseWaitFor("jsonpath={.metadata.annotations.cloud\\.google\\.com/neg-status}"), (e: Error) => e instanceof WaitForError && /^parsing "\{\.metadata\.annotations\.cloud\\\.google\\\.com\/neg-status\}": /.test(e.message));
    });

    const rows: [string, string][] = [
        ["{.status.phase}", 'expected a "jsonpath=" or "condition=" prefix, got "{.status.phase}"'],
        ["jsonpath=.status.phase", ".status.phase should be wrapped in brackets { ... }"],
        ["jsonpath={.a}=b=c", 'format should be {.path}=value or {.path}, got "{.a}=b=c"'],
        ["jsonpath={.a}=", "{.a}= requires a value"],
        ["[]", "at least one condition must be specified"],
    ];
    for (const [expr, message] of rows) {
        it(`rejects ${expr}`, () => assert.throws(() => parseWaitFor(expr), { message }));
    }

    it("a value must equal the selection; == stays inside the path", () => {
        const p = parseJsonPath("jsonpath={.status.phase}=Active");
        assert.strictEqual(jsonPathSatisfied(p, { status: { phase: "Active" } }), true);
        assert.strictEqual(jsonPathSatisfied(p, { status: { phase: "Terminating" } }), false);
        const filter = parseJsonPath("jsonpath={.status.conditions[?@.type=='Ready'].status}=True");
        assert.strictEqual(jsonPathSatisfied(filter, { status: { conditions: [{ type: "Ready", status: "True" }] } }), true);
        assert.deepStrictEqual(parseWaitFor('["jsonpath={.a}", "condition=Ready"]').map((c) => c.kind), ["jsonpath", "condition"]);
    });

    it("a stale observedGeneration is not satisfied", () => {
        const p = parseJsonPath("jsonpath={.status.ready}");
        assert.strictEqual(jsonPathSatisfied(p, { metadata: { generation: 2 }, status: { observedGeneration: 1, ready: true } }), false);
    });
});

describe("await of each change", () => {
    const rows: [string, ReturnType<typeof res>, "create" | "update" | "replace" | "delete", string][] = [
        ["Deployment", res("kubernetes:apps/v1:Deployment", "d", { metadata: { name: "d" } }), "update", "rollout: until the new ReplicaSet's pods are ready and available (timeout 10 min)"],
        ["Job", res("kubernetes:batch/v1:Job", "j", { metadata: { name: "j", annotations: { "pulumi.com/timeoutSeconds": "900" } } }), "create", "job-completion: until the Job succeeds (timeout 900 s)"],
        ["Service with selector", res("kubernetes:core/v1:Service", "s", { spec: { selector: { app: "a" } } }), "create", "service-endpoints: until ready pods back its endpoints (timeout 10 min)"],
        [
            "NEG Service",
            res("kubernetes:core/v1:Service", "s", { metadata: { annotations: { "pulumi.com/waitFor": negExpr } }, spec: { selector: { app: "a" } } }),
            "create",
            "wait-for: until {.metadata.annotations['cloud.google.com/neg-status']} (instead of the kind's own await; timeout 10 min)",
        ],
        ["skipAwait", res("kubernetes:apps/v1:Deployment", "d", { metadata: { annotations: { "pulumi.com/skipAwait": "true" } } }), "update", "none: pulumi.com/skipAwait"],
        ["ConfigMap", res("kubernetes:core/v1:ConfigMap", "c", {}), "replace", "none: no await for this kind"],
        ["Namespace delete", res("kubernetes:core/v1:Namespace", "n", {}), "delete", "deletion: until the object is gone"],
        ["node pool update", res("gcp:container/nodePool:NodePool", "p", {}), "update", "gcp-operation: until the update operation completes (provider timeout 120 min)"],
        ["Cloud SQL replace", res("gcp:sql/databaseInstance:DatabaseInstance", "db", {}), "replace", "gcp-operation: until the create operation completes (provider timeout 90 min)"],
    ];
    for (const [title, r, op, expected] of rows) {
        it(title, () => {
            const a = awaitOf(r, op);
            assert.strictEqual(`${a.kind}: ${a.detail}`, expected);
        });
    }
});
