/**
 * What a region's objects wait for, and what its pods do when nodes go: the failover drain waits on
 * no node pool, pods wait for nodes, calls are neither cut by the LB's draining nor by the cluster
 * autoscaler, and a zone outage does not hold replacement pods Pending.
 */
import * as assert from "assert";
import type { Inventory, InventoryResource } from "../../tools/lib/plan";
import { inputs, ofType, one, planOf, prodStacks } from "../support/plans";

/** Everything `urn` waits for through dependsOn, parent and provider, transitively. */
function closure(inv: Inventory, urn: string): Set<string> {
    const byUrn = new Map(inv.resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const stack = [urn];
    while (stack.length > 0) {
        const r = byUrn.get(stack.pop()!);
        if (!r) continue;
        for (const d of [...r.dependsOn, r.parent, r.provider].filter(Boolean)) {
            if (!seen.has(d)) {
                seen.add(d);
                stack.push(d);
            }
        }
    }
    return seen;
}

const regionOf = (r: InventoryResource, regions: readonly string[]) => regions.find((g) => r.urn.includes(g))!;

for (const { stack, regions } of prodStacks) {
    describe(`region ordering on ${stack}`, () => {
        it("the voice-lb backend service waits for no node pool and no Deployment, through any chain", async () => {
            const inv = await planOf(stack);
            const lb = one(inv, "gcp:compute/backendService:BackendService");
            const waits = closure(inv, lb.urn);
            const blocking = inv.resources.filter(
                (r) =>
                    waits.has(r.urn) &&
                    ["gcp:container/nodePool:NodePool", "kubernetes:apps/v1:Deployment"].includes(r.type),
            );
            assert.deepStrictEqual(
                blocking.map((r) => r.name),
                [],
            );
            // It still waits for both NEG Services.
            assert.deepStrictEqual(
                ofType(inv, "kubernetes:core/v1:Service").filter((s) => lb.dependsOn.includes(s.urn)).length,
                regions.length,
            );
        });

        it("each Kubernetes provider depends on its cluster only", async () => {
            const inv = await planOf(stack);
            const clusters = ofType(inv, "gcp:container/cluster:Cluster");
            for (const p of ofType(inv, "pulumi:providers:kubernetes")) {
                const cluster = clusters.find((c) => c.name === p.name)!;
                assert.deepStrictEqual(p.dependsOn, [cluster.urn], p.name);
            }
        });

        it("makes ConfigMaps and Secrets mutable in place through the provider flags", async () => {
            for (const p of ofType(await planOf(stack), "pulumi:providers:kubernetes")) {
                // Provider inputs reach the engine as strings (provider config is JSON-encoded).
                assert.deepStrictEqual(
                    [p.inputs.enableConfigMapMutable, p.inputs.enableSecretMutable],
                    ["true", "true"],
                    p.name,
                );
            }
        });

        it("every Deployment and purge Job waits for its region's node pool; Services, ConfigMaps and the rest do not", async () => {
            const inv = await planOf(stack, "cacheEpoch=1");
            const pools = ofType(inv, "gcp:container/nodePool:NodePool");
            const podMakers = ["kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:Job"];
            const k8s = inv.resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.strictEqual(k8s.filter((r) => podMakers.includes(r.type)).length, 3 * regions.length);
            for (const r of k8s) {
                const pool = pools.find((p) => p.urn.includes(regionOf(r, regions)))!;
                assert.strictEqual(r.dependsOn.includes(pool.urn), podMakers.includes(r.type), `${r.type} ${r.name}`);
            }
        });

        it("the NEG Services do not wait for the Deployments", async () => {
            const inv = await planOf(stack);
            const deployments = new Set(ofType(inv, "kubernetes:apps/v1:Deployment").map((d) => d.urn));
            for (const s of ofType(inv, "kubernetes:core/v1:Service")) {
                assert.deepStrictEqual(
                    [...closure(inv, s.urn)].filter((u) => deployments.has(u)),
                    [],
                    s.name,
                );
            }
        });

        it("the LB drains a removed endpoint for a whole call (an hour), and the pods' grace matches", async () => {
            const inv = await planOf(stack);
            assert.strictEqual(
                inputs(one(inv, "gcp:compute/backendService:BackendService")).connectionDrainingTimeoutSec,
                3600,
            );
            for (const d of ofType(inv, "kubernetes:apps/v1:Deployment").filter((x) =>
                x.name.startsWith("voice-agent-"),
            )) {
                assert.strictEqual(inputs(d).spec.template.spec.terminationGracePeriodSeconds, 3600, d.name);
            }
        });

        it("voice-agent pods are never evicted by a cluster-autoscaler scale-down; the PMS worker's may be", async () => {
            const inv = await planOf(stack);
            for (const d of ofType(inv, "kubernetes:apps/v1:Deployment")) {
                const annotations = inputs(d).spec.template.metadata.annotations;
                assert.strictEqual(
                    annotations["cluster-autoscaler.kubernetes.io/safe-to-evict"],
                    d.name.startsWith("voice-agent-") ? "false" : undefined,
                    d.name,
                );
            }
        });

        it("the voice agent's zone spread leaves tainted (dead-zone) nodes out of the skew", async () => {
            const inv = await planOf(stack);
            for (const d of ofType(inv, "kubernetes:apps/v1:Deployment").filter((x) =>
                x.name.startsWith("voice-agent-"),
            )) {
                const zone = inputs(d).spec.template.spec.topologySpreadConstraints.find(
                    (t: { topologyKey: string }) => t.topologyKey === "topology.kubernetes.io/zone",
                );
                assert.deepStrictEqual(
                    [zone.whenUnsatisfiable, zone.nodeTaintsPolicy],
                    ["DoNotSchedule", "Honor"],
                    d.name,
                );
            }
        });

        it("clusters keep posture auditing and use no deprecated vulnerability mode", async () => {
            for (const c of ofType(await planOf(stack), "gcp:container/cluster:Cluster")) {
                assert.deepStrictEqual(
                    inputs(c).securityPostureConfig,
                    { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_DISABLED" },
                    c.name,
                );
            }
        });
    });
}
