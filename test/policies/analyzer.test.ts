/**
 * The pack as the Pulumi CLI runs it: the Node.js language host starts
 * `@pulumi/pulumi/cmd/run-policy-pack <engine-address> <pack-dir>` (resolved from the pack's
 * directory, which is also its working directory); that registers ts-node with the pack's
 * tsconfig.json (type-checking on, as the CLI does), loads index.ts, whose PolicyPack serves the
 * Analyzer gRPC service on 127.0.0.1 and prints the port. This test then speaks the protocol as
 * the engine does (Handshake, GetPluginInfo, GetAnalyzerInfo, Configure, Analyze per resource,
 * AnalyzeStack with the whole plan) and asserts the verdicts equal the offline runner's
 * (tools/lib/policy.ts) on the prod-eu plan and two broken variants of it.
 */
import * as grpc from "@grpc/grpc-js";
import * as assert from "assert";
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { policies as packPolicies } from "../../policies/policies";
import type { Inventory } from "../../tools/lib/plan";
import { runPolicies, type PolicyInventory, type Violation } from "../../tools/lib/policy";
import { planOf } from "../support/plans";
import { BREAKAGES } from "./mutation/breakages";

const root = path.resolve(__dirname, "..", "..");
const packDir = path.join(root, "policies");
// The generated proto modules of the SDK, and the protobuf runtime they were generated against
// (message classes must come from the same copy the server uses).
const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [packDir] }));
/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's generated proto modules, found in the pack's own copy at run time */
const analyzerPb = require(path.join(sdkDir, "proto", "analyzer_pb"));
const analyzerGrpc = require(path.join(sdkDir, "proto", "analyzer_grpc_pb"));
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdkDir] }));
const emptyPb = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [sdkDir] }));
/* eslint-enable -- the generated proto modules end here */

const levelName: Record<number, Violation["enforcementLevel"] | "disabled" | "remediate"> = {
    0: "advisory",
    1: "mandatory",
    2: "disabled",
    3: "remediate",
};
const severityName: Record<number, string> = { 1: "low", 2: "medium", 3: "high", 4: "critical" };

/** Starts the pack as the language host does; resolves with the port it printed. */
function startPack(): Promise<{ proc: ChildProcess; port: number; stderr: () => string }> {
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    // The engine address is the first argument; the pack never dials it (it only serves).
    const proc = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], {
        cwd: packDir,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
    return new Promise((resolve, reject) => {
        proc.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            const [line = ""] = out.split("\n");
            if (out.includes("\n") && /^\d+$/.test(line)) resolve({ proc, port: Number(line), stderr: () => err });
        });
        proc.on("exit", (code) => reject(new Error(`the pack exited (${code}) before serving: ${err}`)));
    });
}

function call<T>(client: any, method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) =>
        client[method](req, { deadline: Date.now() + 60000 }, (e: Error | null, r: T) => (e ? reject(e) : resolve(r))),
    );
}

function struct(obj: Record<string, unknown>): unknown {
    return structPb.Struct.fromJavaScript(obj);
}

type Res = PolicyInventory["resources"][number];

function options(r: Res): unknown {
    const o = new analyzerPb.AnalyzerResourceOptions();
    o.setProtect(r.protect === true);
    if (r.parent) o.setParent(r.parent);
    return o;
}

function provider(r: Res, byUrn: Map<string, Res>): unknown {
    const p = r.provider ? byUrn.get(r.provider) : undefined;
    if (!p) return undefined;
    const msg = new analyzerPb.AnalyzerProviderResource();
    msg.setType(p.type);
    msg.setProperties(struct(p.inputs ?? {}));
    msg.setUrn(p.urn);
    msg.setName(p.name);
    return msg;
}

/** A diagnostic as a Violation: the server prefixes the policy's description to the message. */
function asViolation(d: any, fallbackUrn: string, descriptions: Map<string, string>): Violation {
    const description = descriptions.get(d.getPolicyname())!;
    const message: string = d.getMessage();
    assert.ok(message.startsWith(`${description}\n`), `diagnostic of ${d.getPolicyname()} starts with its description`);
    return {
        policy: d.getPolicyname(),
        enforcementLevel: levelName[d.getEnforcementlevel()] as Violation["enforcementLevel"],
        severity: severityName[d.getSeverity()] as Violation["severity"],
        urn: d.getUrn() || fallbackUrn,
        message: message.slice(description.length + 1),
    };
}

/** Everything the engine asks the analyzer during a preview of `inv`, as violations. */
async function analyzeAsEngine(
    client: any,
    inv: PolicyInventory,
    descriptions: Map<string, string>,
): Promise<Violation[]> {
    const byUrn = new Map(inv.resources.map((r) => [r.urn, r]));
    const out: Violation[] = [];
    for (const r of inv.resources) {
        const req = new analyzerPb.AnalyzeRequest();
        req.setType(r.type);
        req.setProperties(struct(r.inputs ?? {}));
        req.setUrn(r.urn);
        req.setName(r.name);
        req.setOptions(options(r));
        const p = provider(r, byUrn);
        if (p) req.setProvider(p);
        const resp: any = await call(client, "analyze", req);
        // The engine attributes a resource's diagnostics to that resource.
        for (const d of resp.getDiagnosticsList()) out.push({ ...asViolation(d, r.urn, descriptions), urn: r.urn });
    }
    const stackUrn = inv.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
    const stackReq = new analyzerPb.AnalyzeStackRequest();
    stackReq.setResourcesList(
        inv.resources.map((r) => {
            const a = new analyzerPb.AnalyzerResource();
            a.setType(r.type);
            // AnalyzeStack sees outputs: the offline plan has them for the root stack only.
            a.setProperties(struct((r.type === "pulumi:pulumi:Stack" && inv.outputs ? inv.outputs : r.inputs) ?? {}));
            a.setUrn(r.urn);
            a.setName(r.name);
            a.setOptions(options(r));
            const p = provider(r, byUrn);
            if (p) a.setProvider(p);
            if (r.parent) a.setParent(r.parent);
            a.setDependenciesList(r.dependsOn ?? []);
            return a;
        }),
    );
    const stackResp: any = await call(client, "analyzeStack", stackReq);
    for (const d of stackResp.getDiagnosticsList()) out.push(asViolation(d, stackUrn, descriptions));
    return out;
}

const sortKey = (v: Violation) => JSON.stringify([v.policy, v.urn, v.message, v.enforcementLevel, v.severity]);
const sorted = (vs: Violation[]) => [...vs].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

describe("the policy pack as the Pulumi CLI runs it (Analyzer gRPC)", function () {
    this.timeout(600000);
    let pack: Awaited<ReturnType<typeof startPack>>;
    let client: any;
    let info: any;
    const descriptions = new Map<string, string>();

    before(async () => {
        pack = await startPack();
        client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
    });
    after(() => {
        client?.close();
        pack?.proc.kill("SIGTERM");
    });

    it("Handshake is not implemented by @pulumi/policy 1.21.0 (the engine falls back to GetPluginInfo)", async () => {
        const req = new analyzerPb.AnalyzerHandshakeRequest();
        req.setEngineAddress("127.0.0.1:1");
        req.setRootDirectory(packDir);
        req.setProgramDirectory(packDir);
        await assert.rejects(
            call(client, "handshake", req),
            (e: { code?: number }) => e.code === grpc.status.UNIMPLEMENTED,
        );
    });

    it("GetPluginInfo: the @pulumi/policy version the pack declares", async () => {
        const r: any = await call(client, "getPluginInfo", new emptyPb.Empty());
        // The version the pack declares (the installed package.json spells it with a "v").
        const packJson = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        assert.strictEqual(r.getVersion(), packJson.dependencies["@pulumi/policy"]);
    });

    it("GetAnalyzerInfo: pack voice-agent with every policy, its enforcement level and severity", async () => {
        info = await call(client, "getAnalyzerInfo", new emptyPb.Empty());
        assert.strictEqual(info.getName(), "voice-agent");
        const served = info
            .getPoliciesList()
            .map((p: any) => [p.getName(), levelName[p.getEnforcementlevel()], severityName[p.getSeverity()]]);
        assert.deepStrictEqual(
            served,
            packPolicies.map((p) => [p.name, p.enforcementLevel, p.severity]),
        );
        for (const p of info.getPoliciesList()) descriptions.set(p.getName(), p.getDescription());
    });

    /**
     * Configure as the CLI does with a --policy-pack-config: every policy's enforcement level,
     * and the stack facts for the policies whose schema declares them (what the offline runner
     * fills in from the plan's config).
     */
    async function configure(inv: Inventory): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const p of info.getPoliciesList()) {
            const c = new analyzerPb.PolicyConfig();
            c.setEnforcementlevel(p.getEnforcementlevel());
            const declared = Object.keys(p.getConfigschema()?.getProperties()?.toJavaScript() ?? {});
            const facts: Record<string, unknown> = {};
            if (declared.includes("stackEnvironment")) facts.stackEnvironment = inv.config.environment;
            if (declared.includes("stackProject")) facts.stackProject = inv.config.project;
            c.setProperties(struct(facts));
            map.set(p.getName(), c);
        }
        await call(client, "configure", req);
    }

    const variants: [string, (inv: Inventory) => PolicyInventory][] = [
        ["the prod-eu plan", (inv) => inv],
        ...["Cloud SQL replica removed", "GKE cluster unprotected"].map(
            (name) =>
                [`prod-eu, broken: ${name}`, (inv: Inventory) => BREAKAGES.find(([n]) => n === name)![1](inv)!] as [
                    string,
                    (inv: Inventory) => PolicyInventory,
                ],
        ),
    ];

    for (const [label, variant] of variants) {
        it(`Configure, Analyze per resource, AnalyzeStack: the same verdicts as the offline runner on ${label}`, async () => {
            const plan = await planOf("prod-eu");
            const inv = variant(plan);
            await configure(plan);
            const served = await analyzeAsEngine(client, inv, descriptions);
            const offline = runPolicies(inv);
            assert.deepStrictEqual(sorted(served), sorted(offline));
            if (label !== "the prod-eu plan")
                assert.ok(
                    offline.some((v) => v.enforcementLevel === "mandatory"),
                    `${label} has a mandatory violation`,
                );
        });
    }
});
