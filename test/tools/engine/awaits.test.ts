/**
 * Awaits: every `pulumi.com/waitFor` of both prod plans parses as pulumi-kubernetes parses it (RFC
 * 9535), and the NEG Service's is satisfied exactly when GKE's NEG controller has written its
 * status annotation.
 */
import { defined } from "../../../core/defined";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    awaitOf,
    jsonPathSatisfied,
    parseJsonPath,
    parseWaitFor,
    WaitForError,
} from "../../../tools/lib/engine/awaits";
import { ofType, planOf, prodStacks } from "../../support/plans";
import { res } from "./synthetic";

const negExpr = "jsonpath={.metadata[?match(@['cloud.google.com/neg-status'], ";
const statusExists = "jsonpath={.metadata.annotations['cloud.google.com/neg-status']}";
/** The shape GKE's NEG controller writes (cloud.google.com/kubernetes-engine/docs/how-to/standalone-neg). */
const negStatus = JSON.stringify({
    network_endpoint_groups: { "80": "voice-agent-neg-europe-west1" },
    zones: ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
});
const service = (annotations: Record<string, string>) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "voice-agent", namespace: "voice-agent", annotations },
    spec: { type: "ClusterIP" },
});

/** Every committed stack: each Pulumi.<stack>.yaml at the root. */
const committedStacks = fs
    .readdirSync(path.resolve(__dirname, "../../.."))
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();

describe("pulumi.com/waitFor", () => {
    it("the committed stacks are drill-eu, prod-eu and prod-me", () => {
        assert.deepStrictEqual(committedStacks, ["drill-eu", "prod-eu", "prod-me"]);
    });
    for (const stack of committedStacks) {
        it(`${stack}: every waitFor of the plan parses as the pinned pulumi-kubernetes parses it`, async () => {
            const found = (await planOf(stack)).resources.flatMap((r) => {
                const w = (r.inputs as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations?.[
                    "pulumi.com/waitFor"
                ];
                return w === undefined ? [] : [{ name: r.name, w }];
            });
            assert.strictEqual(found.length, 2);
            for (const { name, w } of found) assert.doesNotThrow(() => parseWaitFor(w), `${stack} ${name}`);
        });
    }
    for (const { stack } of prodStacks) {
        it(`${stack}: the two NEG Services match the whole status, with no brace or = for a parser to cut at`, async () => {
            const found = (await planOf(stack)).resources
                .map(
                    (r) =>
                        (r.inputs as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations?.[
                            "pulumi.com/waitFor"
                        ],
                )
                .filter((w): w is string => w !== undefined);
            assert.deepStrictEqual(
                found.map((w) => w.slice(0, negExpr.length)),
                [negExpr, negExpr],
            );
            for (const w of found) {
                const conditions = parseWaitFor(w);
                assert.deepStrictEqual(
                    conditions.map((c) => (c.kind === "jsonpath" ? c.jsonpath.value : c.kind)),
                    [undefined],
                );
                // Only the expression's own braces, and no `=`: the pinned parser ends the path at
                // its first `}` and splits on every `=`; later releases split outside braces and quotes.
                assert.deepStrictEqual([w.match(/[{}]/g), w.includes("=", "jsonpath=".length)], [["{", "}"], false]);
            }
        });
    }

    it("the NEG Service's waitFor is satisfied once neg-status is written, not before", async () => {
        const svc = defined(ofType(await planOf("prod-eu"), "kubernetes:core/v1:Service")[0], "a Service");
        const [cond] = parseWaitFor(
            defined(
                (svc.inputs as { metadata: { annotations: Record<string, string | undefined> } }).metadata.annotations[
                    "pulumi.com/waitFor"
                ],
                "the waitFor annotation",
            ),
        );
        assert.strictEqual(cond?.kind, "jsonpath");
        if (cond.kind !== "jsonpath") return;
        const neg = { "cloud.google.com/neg": '{"exposed_ports":{"80":{"name":"voice-agent-neg-europe-west1"}}}' };
        assert.strictEqual(
            jsonPathSatisfied(cond?.jsonpath, service({ ...neg, "cloud.google.com/neg-status": negStatus })),
            true,
        );
        assert.strictEqual(jsonPathSatisfied(cond?.jsonpath, service(neg)), false);
    });

    // Go's %q doubles each backslash of the path in the message (jsonpath.go Parse).
    it("the dotted, escaped form is rejected, as the provider rejects it", () => {
        assert.throws(
            () => parseWaitFor("jsonpath={.metadata.annotations.cloud\\.google\\.com/neg-status}"),
            (e: Error) =>
                e instanceof WaitForError &&
                /^parsing "\{\.metadata\.annotations\.cloud\\\\\.google\\\\\.com\/neg-status\}": /.test(e.message),
        );
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
        assert.strictEqual(
            jsonPathSatisfied(filter, { status: { conditions: [{ type: "Ready", status: "True" }] } }),
            true,
        );
        assert.deepStrictEqual(
            parseWaitFor('["jsonpath={.a}", "condition=Ready"]').map((c) => c.kind),
            ["jsonpath", "condition"],
        );
    });

    it("a stale observedGeneration is not satisfied", () => {
        const p = parseJsonPath("jsonpath={.status.ready}");
        assert.strictEqual(
            jsonPathSatisfied(p, { metadata: { generation: 2 }, status: { observedGeneration: 1, ready: true } }),
            false,
        );
    });
});

/**
 * jsonpath.go Parse of the pinned release (pulumi-kubernetes v4.32.0, commit a03ff6ba): the cases
 * of its jsonpath_test.go TestParse and the NEG form, each with the path and value or the exact
 * error that the release's own Parse returned for it (run on that source, outside this repository).
 * Only a parse error of the path itself is worded by the JSONPath library, so it is compared up to
 * the library's message.
 */
describe("waitFor parsing of pulumi-kubernetes 4.32.0", () => {
    const parsed: [string, string, string | undefined][] = [
        [
            'jsonpath={.status.conditions[?(@.type=="Failed"||@.type=="Complete")].status}=True',
            '{.status.conditions[?(@.type=="Failed"||@.type=="Complete")].status}',
            "True",
        ],
        ["jsonpath={.foo}", "{.foo}", undefined],
        ["jsonpath={.foo}=bar", "{.foo}", "bar"],
        ["jsonpath={$.foo}=bar", "{$.foo}", "bar"],
        [
            'jsonpath={.status.containerStatuses[?(@.name=="foobar")].ready}=True',
            '{.status.containerStatuses[?(@.name=="foobar")].ready}',
            "True",
        ],
        ["jsonpath={ .webhooks[*].clientConfig.caBundle }", "{ .webhooks[*].clientConfig.caBundle }", undefined],
        // A value is a literal: one that looks like a path is compared as text.
        ["jsonpath={.a}=b{c}", "{.a}", "b{c}"],
        ["jsonpath={.a}={.b}", "{.a}", "{.b}"],
        ["jsonpath={.status.readyReplicas}={.spec.replicas}", "{.status.readyReplicas}", "{.spec.replicas}"],
    ];
    for (const [expr, path, value] of parsed) {
        it(`parses ${expr}`, () => {
            const p = parseJsonPath(expr);
            assert.deepStrictEqual([p.path, p.value], [path, value]);
        });
    }

    const refused: [string, string][] = [
        ["", "expected a non-empty JSONPath expression"],
        ["{.foo}", "JSONPath expression must begin with a 'jsonpath=' prefix"],
        ["jsonpath='{.status.phase}'=Running", "'{.status.phase}' should omit shell quotes"],
        ["jsonpath={.metadata.name}=", "{.metadata.name}= requires a value"],
        [
            "jsonpath={.metadata.name}='test=wrong'",
            "format should be {.path}=value or {.path}, got \"{.metadata.name}='test=wrong'\"",
        ],
        // Every `=` but `==` splits, inside a filter or a string too.
        ["jsonpath={.items[?@.n<=2].n}=1", 'format should be {.path}=value or {.path}, got "{.items[?@.n<=2].n}=1"'],
        [
            "jsonpath={.items[?@.name=='a=b'].ok}=yes",
            "format should be {.path}=value or {.path}, got \"{.items[?@.name=='a=b'].ok}=yes\"",
        ],
        [
            "jsonpath={.status.conditions[?@.type!='Failed'].status}=True",
            "format should be {.path}=value or {.path}, got \"{.status.conditions[?@.type!='Failed'].status}=True\"",
        ],
        ["jsonpath={.a}=b=c", 'format should be {.path}=value or {.path}, got "{.a}=b=c"'],
        ["jsonpath=.status.phase", ".status.phase should be wrapped in brackets { ... }"],
        ["jsonpath={.a", "{.a should be wrapped in brackets { ... }"],
    ];
    for (const [expr, message] of refused) {
        it(`refuses ${JSON.stringify(expr)}`, () => assert.throws(() => parseJsonPath(expr), { message }));
    }

    // The release cut these at the first `}`: "jsonpath: unterminated string literal at position 21",
    // and for the NEG status with literal braces "jsonpath: unexpected eof at position 96".
    const cut: string[] = [
        "jsonpath={.metadata.labels['a}b']}",
        `jsonpath={.metadata[?match(@['cloud.google.com/neg-status'], '\\\\{"network_endpoint_groups":` +
            `\\\\{"80":"x"\\\\},"zones":\\\\["a"\\\\]\\\\}')]}`,
    ];
    for (const expr of cut) {
        it(`refuses ${expr}: a } inside a string ends the path`, () => {
            const path = expr.slice("jsonpath=".length);
            const quoted = `"${path.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
            assert.throws(
                () => parseJsonPath(expr),
                (e: Error) => e instanceof WaitForError && e.message.startsWith(`parsing ${quoted}: `),
            );
        });
    }

    it("compares a value with Go's printing of the selection", () => {
        assert.strictEqual(jsonPathSatisfied(parseJsonPath("jsonpath={.a}=<nil>"), { a: null }), true);
        assert.strictEqual(jsonPathSatisfied(parseJsonPath("jsonpath={.a}=true"), { a: true }), true);
        assert.strictEqual(jsonPathSatisfied(parseJsonPath("jsonpath={.a}"), { a: { b: 1 } }), true);
        assert.throws(() => jsonPathSatisfied(parseJsonPath("jsonpath={.a}=x"), { a: ["x"] }), {
            message: '"{.a}" has a non-primitive value',
        });
    });
});

describe("await of each change", () => {
    const rows: [string, ReturnType<typeof res>, "create" | "update" | "replace" | "delete", string][] = [
        [
            "Deployment",
            res("kubernetes:apps/v1:Deployment", "d", { metadata: { name: "d" } }),
            "update",
            "rollout: until the new ReplicaSet's pods are ready and available (timeout 10 min)",
        ],
        [
            "Job",
            res("kubernetes:batch/v1:Job", "j", {
                metadata: { name: "j", annotations: { "pulumi.com/timeoutSeconds": "900" } },
            }),
            "create",
            "job-completion: until the Job succeeds (timeout 900 s)",
        ],
        [
            "Service with selector",
            res("kubernetes:core/v1:Service", "s", { spec: { selector: { app: "a" } } }),
            "create",
            "service-endpoints: until ready pods back its endpoints (timeout 10 min)",
        ],
        [
            "NEG Service",
            res("kubernetes:core/v1:Service", "s", {
                metadata: { annotations: { "pulumi.com/waitFor": statusExists } },
                spec: { selector: { app: "a" } },
            }),
            "create",
            "wait-for: until {.metadata.annotations['cloud.google.com/neg-status']} (instead of the kind's own await; timeout 10 min)",
        ],
        [
            "skipAwait",
            res("kubernetes:apps/v1:Deployment", "d", {
                metadata: { annotations: { "pulumi.com/skipAwait": "true" } },
            }),
            "update",
            "none: pulumi.com/skipAwait",
        ],
        ["ConfigMap", res("kubernetes:core/v1:ConfigMap", "c", {}), "replace", "none: no await for this kind"],
        [
            "Namespace delete",
            res("kubernetes:core/v1:Namespace", "n", {}),
            "delete",
            "deletion: until the object is gone",
        ],
        [
            "node pool update",
            res("gcp:container/nodePool:NodePool", "p", {}),
            "update",
            "gcp-operation: until the update operation completes (provider timeout 120 min)",
        ],
        [
            "Cloud SQL replace",
            res("gcp:sql/databaseInstance:DatabaseInstance", "db", {}),
            "replace",
            "gcp-operation: until the create operation completes (provider timeout 90 min)",
        ],
    ];
    for (const [title, r, op, expected] of rows) {
        it(title, () => {
            const a = awaitOf(r, op);
            assert.strictEqual(`${a.kind}: ${a.detail}`, expected);
        });
    }
});
