/**
 * `npm run conformance`: the offline model (`npm run plan`, `npm run diff`) against the real
 * Pulumi engine and providers at the versions package.json pins. Builds what the module proxy
 * serves (cached), imports each stack's planned state into a file backend, runs the real
 * `pulumi preview --json`, and writes docs/conformance.md and docs/conformance.json from what it
 * observed. With `--plugins DIR` the providers are the prebuilt plugins in DIR instead
 * (conformance/plugins.ts) and each prod stack's cases are previewed and compared with the model
 * resource by resource. Exit 0 only when every comparison ran and agreed; 1 otherwise (the report
 * says why); 2 for a usage error.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { stackNames } from "../tools/lib/baseCheckout";
import { createMocks } from "../tools/lib/mocks";
import { applyOverrides } from "../tools/lib/stackConfig";
import { buildEngine } from "./build";
import { Case, casesFor, newRegions } from "./cases";
import { disagreements, PreviewStepJson, realChanges } from "./compare";
import {
    Deployment,
    deploymentOfPlan,
    foldPreview,
    overlay,
    PackageSchema,
    passphraseDecrypter,
    PlanJson,
    PlanResource,
    SavedPlan,
    StateOptions,
} from "./deployment";
import {
    CliResult,
    encryptionSalt,
    fillMissingConfig,
    missingConfigKeys,
    previewErrors,
    pulumi,
    pulumiAsync,
    pulumiOk,
    Workspace,
    workspace,
} from "./engineRun";
import {
    engine,
    engineGoMod,
    goModRequires,
    languageHost,
    npmPin,
    projectRoot,
    providers,
    pulumiReleaseCommit,
} from "./pins";
import { explain } from "./explanations";
import { handBuilds } from "./handBuilds";
import { packageOfNpm, PrebuiltPlugin, prebuiltPlugins } from "./plugins";
import {
    CaseRecord,
    ModelChange,
    PreviewRecord,
    renderMarkdown,
    Report,
    StackRecord,
    StateRound,
    Timing,
    VersionRecord,
} from "./report";
import { download, ModuleAnswer, resolveComponent, Resolution } from "./resolve";

const gcpUpstreamModule = "github.com/hashicorp/terraform-provider-google-beta";
const jsonPath = path.join(projectRoot, "docs", "conformance.json");
const mdPath = path.join(projectRoot, "docs", "conformance.md");

function log(message: string): void {
    process.stderr.write(`conformance: ${message}\n`);
}

/** A project tool run the way its npm script runs it. */
function tool(script: string, args: string[]): string {
    const res = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", `tools/${script}.ts`, ...args], {
        cwd: projectRoot,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    if (res.status !== 0)
        throw new Error(`npm run ${script} -- ${args.join(" ")} exited ${String(res.status)}: ${res.stderr.trim()}`);
    return res.stdout;
}

/** `npm run diff -- --stack S --set ... --json` for many cases, two at a time. */
async function modelDiffs(
    stack: string,
    cases: Case[],
): Promise<Map<string, { summary: Record<string, number>; changes: ModelChange[] }>> {
    const out = new Map<string, { summary: Record<string, number>; changes: ModelChange[] }>();
    const queue = [...cases];
    const worker = async () => {
        for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
            const current = c;
            const args = ["-r", "ts-node/register/transpile-only", "tools/diff.ts", "--stack", stack, "--json"];
            for (const s of current.sets) args.push("--set", s);
            const text = await new Promise<string>((resolve, reject) => {
                const child = spawn(process.execPath, args, { cwd: projectRoot });
                let stdout = "";
                let stderr = "";
                child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
                child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
                child.on("close", (code) =>
                    code === 0
                        ? resolve(stdout)
                        : reject(
                              new Error(
                                  `npm run diff (${stack}, ${current.id}) exited ${String(code)}: ${stderr.trim()}`,
                              ),
                          ),
                );
            });
            const d = JSON.parse(text) as {
                summary: Record<string, number>;
                changes: { urn: string; op: string; replaceBecause: string[]; deleteBeforeReplace: boolean }[];
            };
            const changes = d.changes.map((ch) => ({
                urn: ch.urn,
                op: ch.op,
                replaceBecause: ch.replaceBecause,
                deleteBeforeReplace: ch.deleteBeforeReplace,
            }));
            if (changes.length === 0)
                throw new Error(`case ${current.id} of ${stack} changes nothing in the model; it tests nothing`);
            out.set(current.id, { summary: d.summary, changes });
        }
    };
    await Promise.all([worker(), worker()]);
    return out;
}

/** The steps of a `pulumi preview --json`, empty when it printed no JSON. */
function previewSteps(r: CliResult): PreviewStepJson[] {
    try {
        return (JSON.parse(r.stdout) as { steps?: PreviewStepJson[] }).steps ?? [];
    } catch {
        return [];
    }
}

/**
 * The state each resource starts from before it settles (settleState): the mocks' id and
 * outputs (the values the plan's dependent inputs were made from) under the inputs the providers
 * checked in the create preview (their defaults filled in). A create preview prints no planned
 * outputs, so what a provider computes only when it creates (its deletion policy, effective
 * labels, its schema version) is still missing here; the first round of settling adds it.
 */
function stateFromCreate(
    planned: Map<string, { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }>,
    project: string,
): StateOptions {
    const mocks = createMocks({ project });
    return {
        unprotected: true,
        stateOf: (r: PlanResource) => {
            const mocked = mocks.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: true }) as {
                id: string;
                state: Record<string, unknown>;
            };
            const p = planned.get(r.urn);
            const checked = p?.inputs === undefined ? undefined : { ...p.inputs };
            if (checked !== undefined) delete checked.__defaults;
            return {
                id: mocked.id,
                inputs: overlay(r.inputs, p?.inputs) as Record<string, unknown>,
                outputs: overlay(overlay(mocked.state, checked), p?.outputs) as Record<string, unknown>,
            };
        },
    };
}

/**
 * Writes a case's `--set` overrides into the scratch stack settings, as `npm run diff` applies
 * them to the committed ones (tools/lib/stackConfig.ts applyOverrides), and returns the text to
 * restore.
 */
function setCase(ws: Workspace, stack: string, sets: string[]): string {
    const file = path.join(ws.projectDir, `Pulumi.${stack}.yaml`);
    const text = fs.readFileSync(file, "utf8");
    const doc = YAML.parseDocument(text);
    const before = (doc.toJSON() as { config?: Record<string, unknown> }).config ?? {};
    const after = applyOverrides(before, sets);
    for (const [key, value] of Object.entries(after)) {
        if (JSON.stringify(before[key]) !== JSON.stringify(value)) doc.setIn(["config", key], value);
    }
    fs.writeFileSync(file, doc.toString());
    return text;
}

function previewRecord(r: CliResult): PreviewRecord {
    let summary: Record<string, number> = {};
    try {
        summary = (JSON.parse(r.stdout) as { changeSummary?: Record<string, number> }).changeSummary ?? {};
    } catch {
        // The CLI stopped before printing the JSON result; previewErrors reads stderr.
    }
    return { exitCode: r.status, summary, errors: previewErrors(r), seconds: r.seconds };
}

/** A scratch stack with the committed settings, its missing required keys filled in. */
function initStack(ws: Workspace, stack: string): void {
    pulumiOk(ws, ["stack", "init", stack]);
    fillMissingConfig(ws, stack, missingConfigKeys(ws.projectDir, stack));
}

function stackProject(stack: string): string {
    const settings = YAML.parse(fs.readFileSync(path.join(projectRoot, `Pulumi.${stack}.yaml`), "utf8")) as {
        config?: Record<string, unknown>;
    };
    const project = settings.config?.["gcp:project"];
    if (typeof project !== "string") throw new Error(`Pulumi.${stack}.yaml: gcp:project is not set`);
    return project;
}

/** How many rounds of preview, fold and import the state gets to settle. */
const maxStateRounds = 6;

/** A real X.509 certificate (PEM) for the certificate-shaped outputs of the state (deployment.ts withCertificates). */
function selfSignedCertificate(dir: string): string {
    const key = path.join(dir, "state-ca.key");
    const res = spawnSync(
        "openssl",
        ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"].concat([
            "-keyout",
            key,
            "-subj",
            "/CN=conformance",
            "-days",
            "3650",
        ]),
        { encoding: "utf8" },
    );
    if (res.status !== 0) throw new Error(`openssl req -x509 exited ${String(res.status)}: ${res.stderr.trim()}`);
    return res.stdout;
}

/**
 * The state an up of the plan leaves, reached from the imported plan state: preview it, saving
 * the update plan (`--save-plan`: per resource the inputs the provider checked and the state it
 * planned, which the preview's JSON does not print), fold that into the state
 * (deployment.ts foldPreview), import it again, and repeat until the preview changes nothing or
 * `maxStateRounds` have run. A round's fold settles what the providers answer for the state it
 * was given; the next round shows what that changes downstream (a cluster no longer replaced
 * gives its Kubernetes provider a known kubeconfig, whose objects the provider then diffs).
 * Returns the settled state, the rounds, and the last preview: the baseline the cases are read
 * against.
 */
function settleState(
    ws: Workspace,
    stack: string,
    initial: Deployment,
    pluginsDir: string | undefined,
    reimport: (d: Deployment, round: number) => CliResult,
): { deployment: Deployment; rounds: StateRound[]; baseline: CliResult } {
    const passphrase = ws.env.PULUMI_CONFIG_PASSPHRASE;
    if (passphrase === undefined) throw new Error("the workspace has no PULUMI_CONFIG_PASSPHRASE");
    const decrypt = passphraseDecrypter(passphrase, encryptionSalt(ws, stack));
    const certificate = selfSignedCertificate(path.join(ws.projectDir, ".."));
    const schemas = new Map<string, PackageSchema>();
    const schemaOf = (pkg: string): PackageSchema => {
        const known = schemas.get(pkg);
        if (known !== undefined) return known;
        const plugin = pluginsDir !== undefined ? path.join(pluginsDir, `pulumi-resource-${pkg}`) : pkg;
        const schema = JSON.parse(pulumiOk(ws, ["package", "get-schema", plugin]).stdout) as PackageSchema;
        schemas.set(pkg, schema);
        return schema;
    };
    const rounds: StateRound[] = [];
    let deployment = initial;
    for (let round = 1; ; round++) {
        log(`${stack}: preview of the imported state (round ${round})`);
        const planFile = path.join(ws.projectDir, "..", `saved-plan-${round}.json`);
        const r = pulumi(ws, [
            "preview",
            "--json",
            "--show-replacement-steps",
            "--stack",
            stack,
            "--save-plan",
            planFile,
        ]);
        const changes = r.status === 0 ? realChanges(previewSteps(r)).length : 0;
        if (r.status !== 0 || changes === 0 || round === maxStateRounds) {
            if (r.status === 0) rounds.push({ changes, filled: [], left: [], certified: [] });
            return { deployment, rounds, baseline: r };
        }
        const fold = foldPreview(
            deployment,
            JSON.parse(fs.readFileSync(planFile, "utf8")) as SavedPlan,
            decrypt,
            schemaOf,
            certificate,
        );
        rounds.push({ changes, filled: fold.filled, left: fold.left, certified: fold.certified });
        deployment = fold.deployment;
        const imported = reimport(deployment, round);
        if (imported.status !== 0)
            throw new Error(`pulumi stack import of the round-${round} state: ${previewErrors(imported).join(" ")}`);
    }
}

async function stackRecord(
    stack: string,
    binDir: string,
    versions: Record<string, string>,
    cliVersion: string,
    pluginsDir: string | undefined,
): Promise<StackRecord> {
    log(`${stack}: plan`);
    const plan = JSON.parse(tool("plan", ["--stack", stack, "--json"])) as PlanJson & {
        config: Record<string, unknown>;
    };
    const missingConfig = missingConfigKeys(projectRoot, stack).map((k) => k.key);

    // The program under the language host exactly as Pulumi.yaml has it (the tsconfig its runtime
    // options name), whatever tsconfig path the caller's environment holds.
    const bare = workspace(`${stack}-bare`, binDir, [stack], pluginsDir);
    delete bare.env.PULUMI_NODEJS_TSCONFIG_PATH;
    initStack(bare, stack);
    log(`${stack}: preview as Pulumi.yaml runs the program`);
    const compileWithoutTsconfig = previewRecord(pulumi(bare, ["preview", "--json", "--stack", stack]));

    log(`${stack}: create preview from an empty state`);
    const empty = workspace(`${stack}-create`, binDir, [stack], pluginsDir);
    initStack(empty, stack);
    const createRun = pulumi(empty, ["preview", "--json", "--stack", stack]);
    const create = previewRecord(createRun);
    const planned = new Map(
        (
            previewSteps(createRun) as (PreviewStepJson & {
                newState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
            })[]
        )
            .filter((s) => s.newState !== undefined)
            .map((s) => [s.urn, s.newState ?? {}]),
    );

    const record: StackRecord = {
        stack,
        planResources: plan.resources.length,
        missingConfig,
        import: null,
        compileWithoutTsconfig,
        baseline: null,
        baselineChanges: null,
        stateRounds: [],
        create,
        cases: [],
    };
    if (!stack.startsWith("prod-")) return record;

    log(`${stack}: import the planned state`);
    const deploymentFor = (ws: Workspace) =>
        deploymentOfPlan(
            plan,
            versions,
            { gcp: { project: stackProject(stack) } },
            `v${cliVersion}`,
            encryptionSalt(ws, stack),
            create.exitCode === 0 ? stateFromCreate(planned, stackProject(stack)) : {},
        );
    const importInto = (ws: Workspace, deployment: Deployment, name: string): CliResult => {
        const file = path.join(ws.projectDir, "..", name);
        fs.writeFileSync(file, JSON.stringify(deployment, null, 2));
        return pulumi(ws, ["stack", "import", "--file", file, "--stack", stack]);
    };
    const ws = workspace(`${stack}-import`, binDir, [stack], pluginsDir);
    initStack(ws, stack);
    let deployment = deploymentFor(ws);
    const imported = importInto(ws, deployment, "deployment.json");
    if (imported.status !== 0) {
        record.import = { ok: false, resources: 0, sameUrns: false, error: previewErrors(imported).join(" ") };
    } else {
        const exported = JSON.parse(pulumiOk(ws, ["stack", "export", "--stack", stack]).stdout) as {
            deployment: { resources?: { urn: string }[] };
        };
        const got = (exported.deployment.resources ?? []).map((r) => r.urn).sort();
        const want = deployment.deployment.resources.map((r) => r.urn).sort();
        record.import = {
            ok: true,
            resources: got.length,
            sameUrns: JSON.stringify(got) === JSON.stringify(want),
            error: null,
        };
        const settled = settleState(ws, stack, deployment, pluginsDir, (d, round) =>
            importInto(ws, d, `deployment-${round}.json`),
        );
        deployment = settled.deployment;
        record.stateRounds = settled.rounds;
        record.baseline = previewRecord(settled.baseline);
        if (settled.baseline.status === 0) record.baselineChanges = realChanges(previewSteps(settled.baseline));
    }
    /** A workspace holding the settled state; the cases run in two of them side by side. */
    const secondWorkspace = (name: string): { ws: Workspace; imported: CliResult } => {
        const w = workspace(name, binDir, [stack], pluginsDir);
        initStack(w, stack);
        // The settled state holds its secrets in plaintext; this stack's own salt encrypts them.
        const own: Deployment = {
            ...deployment,
            deployment: {
                ...deployment.deployment,
                secrets_providers: { type: "passphrase", state: { salt: encryptionSalt(w, stack) } },
            },
        };
        return { ws: w, imported: importInto(w, own, "deployment.json") };
    };

    const config = plan.config as {
        primaryRegion: string;
        regions: Record<string, unknown>;
        release: { image: string };
    };
    const newRegion = newRegions[config.primaryRegion];
    if (newRegion === undefined)
        throw new Error(`no new-region case written for a cell whose primary region is ${config.primaryRegion}`);
    const cases = casesFor({
        primaryRegion: config.primaryRegion,
        regions: Object.keys(config.regions),
        releaseImage: config.release.image,
        newRegion,
    });
    log(`${stack}: ${cases.length} cases through npm run diff`);
    const model = await modelDiffs(stack, cases);
    const baselineRan = record.baseline !== null && record.baseline.exitCode === 0;
    const reason =
        "the real preview of the unchanged state stops before any provider diff: " +
        (record.baseline?.errors[0] ?? record.import?.error ?? "not imported");
    const records = new Map<string, CaseRecord>();
    const queue: Case[] = [];
    for (const c of cases) {
        const m = model.get(c.id) ?? { summary: {}, changes: [] };
        const base = { id: c.id, title: c.title, remediation: c.remediation, sets: c.sets, model: m };
        if (baselineRan) queue.push(c);
        else
            records.set(c.id, {
                ...base,
                preview: null,
                real: null,
                disagreements: null,
                notRun: reason,
            });
    }
    // Each worker previews cases one after another in its own imported workspace.
    const worker = async (w: Workspace) => {
        for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
            const m = model.get(c.id) ?? { summary: {}, changes: [] };
            const base = { id: c.id, title: c.title, remediation: c.remediation, sets: c.sets, model: m };
            log(`${stack}: case ${c.id}`);
            const original = setCase(w, stack, c.sets);
            let r: CliResult;
            try {
                r = await pulumiAsync(w, ["preview", "--json", "--show-replacement-steps", "--stack", stack]);
            } finally {
                fs.writeFileSync(path.join(w.projectDir, `Pulumi.${stack}.yaml`), original);
            }
            const preview = previewRecord(r);
            if (r.status !== 0) {
                records.set(c.id, {
                    ...base,
                    preview,
                    real: null,
                    disagreements: null,
                    notRun: `the case's preview failed: ${preview.errors[0] ?? ""}`,
                });
                continue;
            }
            const real = realChanges(previewSteps(r));
            records.set(c.id, {
                ...base,
                preview,
                real,
                disagreements: disagreements(m.changes, real).map((d) => {
                    const e = explain(c.id, d.urn);
                    return e === undefined ? d : { ...d, reason: e.reason, modelWrong: e.modelWrong };
                }),
                notRun: null,
            });
        }
    };
    if (queue.length > 0) {
        const second = secondWorkspace(`${stack}-import-2`);
        if (second.imported.status !== 0) throw new Error(`pulumi stack import (second workspace) failed`);
        await Promise.all([worker(ws), worker(second.ws)]);
    }
    record.cases = cases.map((c) => {
        const r = records.get(c.id);
        if (r === undefined) throw new Error(`case ${c.id} has no record`);
        return r;
    });
    return record;
}

function withoutDirs(r: Resolution): Resolution {
    const strip = (a: ModuleAnswer): ModuleAnswer => {
        const { dir: _dir, ...rest } = a;
        return rest;
    };
    const out: Resolution = { component: r.component, npmPin: r.npmPin, tagged: strip(r.tagged) };
    if (r.program !== undefined) out.program = strip(r.program);
    return out;
}

function previousTimings(): Report["timings"] {
    try {
        return (JSON.parse(fs.readFileSync(jsonPath, "utf8")) as Report).timings;
    } catch {
        return { cold: null, warm: null };
    }
}

/** `--plugins DIR`, or nothing. */
function parseArgs(argv: string[]): { pluginsDir?: string } | string {
    if (argv.length === 0) return {};
    if (argv.length === 2 && argv[0] === "--plugins" && argv[1] !== undefined) {
        const dir = path.resolve(argv[1]);
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return `--plugins ${argv[1]}: not a directory`;
        return { pluginsDir: dir };
    }
    return `unexpected arguments: ${argv.join(" ")}`;
}

async function main(argv: string[]): Promise<number> {
    const args = parseArgs(argv);
    if (typeof args === "string") {
        process.stderr.write(`usage: npm run conformance [-- --plugins DIR]\n${args}\n`);
        return 2;
    }
    const pluginsDir = args.pluginsDir;
    const started = Date.now();
    const cliVersion = npmPin(engine.npm);
    if (pulumiReleaseCommit.tag !== `v${cliVersion}`) {
        throw new Error(
            `conformance/engine/pulumi-language-nodejs holds the source of ${pulumiReleaseCommit.tag}, ` +
                `package.json pins @pulumi/pulumi ${cliVersion}`,
        );
    }
    const requires = goModRequires(engineGoMod());
    for (const mod of ["github.com/pulumi/pulumi/pkg/v3", "github.com/pulumi/pulumi/sdk/v3"]) {
        if (requires.get(mod) !== `v${cliVersion}`) {
            throw new Error(
                `conformance/engine/go.mod requires ${mod} ${requires.get(mod) ?? "(nothing)"}, ` +
                    `package.json pins @pulumi/pulumi ${cliVersion}`,
            );
        }
    }

    log("asking the module proxy for each pinned component");
    const engineRes = resolveComponent(engine, cliVersion);
    const langRes = resolveComponent(languageHost, cliVersion);
    const providerRes = providers.map((p) => ({ p, res: resolveComponent(p, npmPin(p.npm)) }));

    // Without the GCP provider, its upstream's own diff on the same inputs is the fallback; the
    // upstream Terraform provider is a Go module of its own.
    const upstream = download(gcpUpstreamModule, "latest");

    const prebuilt =
        pluginsDir === undefined
            ? new Map<string, PrebuiltPlugin>()
            : await prebuiltPlugins(
                  pluginsDir,
                  providers.map((p) => packageOfNpm(p.npm)),
              );
    for (const p of prebuilt.values()) log(`prebuilt plugin ${p.file} reports ${p.reportedVersion}`);

    log("building the engine (cached)");
    const build = buildEngine(cliVersion);
    log(`engine ${build.cached ? "from the cache" : "built"} in ${build.seconds.toFixed(0)} s: ${build.binDir}`);

    const versions: VersionRecord[] = [
        {
            label: engine.label,
            npm: engine.npm,
            pin: cliVersion,
            module: engineRes.tagged.query,
            commit: engineRes.tagged.commit ?? pulumiReleaseCommit.commit,
            built: cliVersion,
            source:
                `${engine.programModule}/${engine.programPackage} from the module proxy, checked against go.sum` +
                (engineRes.tagged.commit === undefined
                    ? ` (commit: the repository's tag ${pulumiReleaseCommit.tag})`
                    : ""),
            blocked: null,
            plugin: null,
            handBuild: null,
        },
        {
            label: languageHost.label,
            npm: languageHost.npm,
            pin: cliVersion,
            module: langRes.tagged.query,
            commit: pulumiReleaseCommit.commit,
            built: cliVersion,
            source:
                (langRes.tagged.error !== undefined ? "the module proxy does not serve it; " : "") +
                "conformance/engine/pulumi-language-nodejs: its source at the pulumi repository's release tag " +
                `v${cliVersion} (git blob ids checked by test/conformance), ` +
                `built against pkg/v3 and sdk/v3 v${cliVersion}`,
            blocked: null,
            plugin: null,
            handBuild: null,
        },
    ];
    const blockers: string[] = [];
    for (const { p, res } of providerRes) {
        const refused = res.program?.error ?? res.tagged.error ?? null;
        const plugin = prebuilt.get(packageOfNpm(p.npm));
        const asked = {
            label: p.label,
            npm: p.npm,
            pin: res.npmPin,
            module: res.program?.query ?? res.tagged.query,
            commit: res.tagged.commit ?? null,
        };
        if (plugin !== undefined) {
            const v = plugin.reportedVersion;
            const handBuild = handBuilds.find((n) => n.npm === p.npm && n.pin === v) ?? null;
            if (v !== res.npmPin) {
                blockers.push(
                    `${p.label}: the prebuilt plugin reports ${v}, not the pin ${res.npmPin}: its previews are no ` +
                        "evidence for the pin.",
                );
            } else if (handBuild === null) {
                blockers.push(
                    `${p.label}: conformance/handBuilds.ts has no record of how the prebuilt plugin at ${v} was built.`,
                );
            }
            versions.push({
                ...asked,
                built: v,
                source:
                    `prebuilt plugin ${path.basename(plugin.file)} (--plugins), reporting ${v}` +
                    (handBuild !== null
                        ? `: built from ${handBuild.repository} ${handBuild.tag}, commit ${handBuild.commit}`
                        : "") +
                    (refused !== null
                        ? "; the module proxy does not serve the pinned release"
                        : res.tagged.commit === undefined
                          ? "; the module proxy names no release commit for the pin, so it cannot be asked " +
                            "for the provider module"
                          : ""),
                blocked: null,
                plugin: { file: path.basename(plugin.file), sha256: plugin.sha256, reportedVersion: v },
                handBuild,
            });
            continue;
        }
        versions.push({
            ...asked,
            built: null,
            source:
                refused !== null
                    ? "not built: the module proxy does not serve it"
                    : `served at ${res.program?.dir ?? ""}, but this run has no wrapper for it`,
            blocked: refused ?? "served, not built",
            plugin: null,
            handBuild: null,
        });
    }

    const stacks: StackRecord[] = [];
    const pinsByPackage = {
        gcp: npmPin("@pulumi/gcp"),
        kubernetes: npmPin("@pulumi/kubernetes"),
        random: npmPin("@pulumi/random"),
    };
    for (const stack of stackNames(fs.readdirSync(projectRoot)))
        stacks.push(await stackRecord(stack, build.binDir, pinsByPackage, cliVersion, pluginsDir));

    // The fallback stands in for a GCP provider that could not be built; it matters only then.
    const gcpAtPin = versions.some((v) => v.npm === "@pulumi/gcp" && v.built !== null && v.built === v.pin);
    if (upstream.error !== undefined && !gcpAtPin) {
        blockers.push(
            `The fallback for the GCP provider, ${gcpUpstreamModule}'s own diff, is not available either: ` +
                "the module proxy does not serve it.",
        );
    }
    for (const v of versions.filter((x) => x.blocked !== null)) {
        blockers.push(`${v.label} ${v.pin} is not built (${v.module}): the real preview cannot diff its resources.`);
    }
    for (const s of stacks) {
        // A secret is unset in a committed stack file by design: the cell's on-call lead sets it
        // (docs/bring-up.md, "Secrets"), and `npm run plan` warns about each. Any other key is a defect.
        const unsetNonSecret = missingConfigKeys(projectRoot, s.stack).filter((k) => !k.secret);
        if (unsetNonSecret.length > 0) {
            blockers.push(
                `${s.stack}: the real CLI refuses the committed settings: ` +
                    `${unsetNonSecret.map((k) => k.key).join(", ")} (not secrets) required by Pulumi.yaml and not set.`,
            );
        }
        if (
            s.compileWithoutTsconfig.exitCode !== 0 &&
            s.compileWithoutTsconfig.errors.some((e) => e.includes("TSError"))
        ) {
            blockers.push(
                `${s.stack}: the program does not compile under the language host ` +
                    "as Pulumi.yaml runs it (no tsconfig found).",
            );
        }
        if (s.import !== null && !s.import.ok)
            blockers.push(`${s.stack}: pulumi stack import refused the planned state.`);
        if (s.create.exitCode !== 0)
            blockers.push(`${s.stack}: the create preview did not complete: ${s.create.errors[0] ?? ""}`);
        if (s.cases.length > 0 && s.cases.every((c) => c.real === null)) {
            blockers.push(`${s.stack}: none of the ${s.cases.length} cases was compared with a real preview.`);
        } else {
            const failed = s.cases.filter((c) => c.real === null);
            if (failed.length > 0)
                blockers.push(
                    `${s.stack}: ${failed.length} of ${s.cases.length} cases' real previews did not complete.`,
                );
            const differ = s.cases.filter((c) => (c.disagreements ?? []).length > 0);
            if (differ.length > 0) {
                blockers.push(
                    `${s.stack}: in ${differ.length} of ${s.cases.length} cases the real preview differs from the ` +
                        `model (${differ.map((c) => c.id).join(", ")}).`,
                );
            }
        }
        if ((s.baselineChanges ?? []).length > 0) {
            blockers.push(
                `${s.stack}: the real preview of the imported, unchanged state changes ` +
                    `${(s.baselineChanges ?? []).length} resources; the model changes none.`,
            );
        }
    }

    const seconds = (Date.now() - started) / 1000;
    const timing: Timing = { seconds, engineBuildSeconds: build.seconds, at: new Date().toISOString().slice(0, 10) };
    const timings = previousTimings();
    if (build.cached) timings.warm = timing;
    else timings.cold = timing;
    const report: Report = {
        generatedBy: "npm run conformance",
        plugins: pluginsDir === undefined ? "module proxy" : "prebuilt",
        go: build.goVersion,
        versions,
        // The module cache's paths are this machine's; the answers themselves are the evidence.
        resolutions: [engineRes, langRes, ...providerRes.map((x) => x.res)].map(withoutDirs),
        gcpFallback: {
            module: gcpUpstreamModule,
            answer: {
                query: upstream.query,
                ...(upstream.version !== undefined ? { version: upstream.version } : {}),
                ...(upstream.error !== undefined ? { error: upstream.error } : {}),
            },
        },
        stacks,
        timings,
        conforms: blockers.length === 0,
        blockers,
    };
    fs.writeFileSync(jsonPath, JSON.stringify(report, null, 2) + "\n");
    fs.writeFileSync(mdPath, renderMarkdown(report));
    log(`wrote docs/conformance.md and docs/conformance.json in ${seconds.toFixed(0)} s`);
    if (!report.conforms) {
        log(`conformance not established:\n${blockers.map((b) => `  - ${b}`).join("\n")}`);
        return 1;
    }
    return 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
        process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    },
);
