/**
 * `npm run generate:rules`: writes the provider rules the offline engine reads
 * (tools/lib/engine/generated/*.json) from the providers' Go source.
 *
 * Where the source comes from: the pinned versions of package.json, looked up as Go modules
 * (`go mod download -json`): the SDK module's release tag names the release commit
 * (`Origin.Hash`), and the provider module at that commit is the pinned provider.
 * terraform-provider-google-beta is pulumi-gcp's `upstream` submodule, which no Go module records:
 * its commit is given (`--gcp-upstream COMMIT`). A module the proxy does not serve can be read
 * from a git directory instead (`--gcp-source DIR@COMMIT=VERSION` with `--gcp-bridge
 * DIR@COMMIT=VERSION` for pulumi-gcp, whose submodule must be that commit and whose patches/ may
 * not change a ForceNew line; `--k8s-source DIR@COMMIT=VERSION`). Each generated file records the
 * version it was read at beside the pin it stands for, and test/tools/engine/providerPins.test.ts
 * fails until the pins agree with package.json.
 *
 * GCP: every field of the rule data keeps the `file:line` of its `ForceNew: true`. The generator
 * checks that line by the schema keys around it, finds a field whose line moved by those keys, and
 * fails when it finds none; it reads the field's own schema literal for Optional+Computed
 * (unsetting keeps the state's value) and for a block (a list or set whose Elem is a resource: the
 * SDK applies the block's ForceNew only when a block is added or removed; terraform-plugin-sdk
 * helper/schema schemaMap.diffList); and it fails on any `ForceNew: true` line of the files read
 * that no field names, so a field added upstream cannot go unnoticed.
 *
 * CustomizeDiff: each anchor the rule data records (the code a rule of replaceRules.ts follows) is
 * placed at its line, and the generator fails on a ForceNew, ForceNewIf or ForceNewIfChange call,
 * or a SetNew or Clear of a field one of those forces, that no anchor covers.
 *
 * Kubernetes: forceNewProperties of provider/pkg/provider/diff.go, evaluated for the kinds the
 * program declares, and the lines of the mutable flags in provider.go.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { enclosing, keyChain, lineOf, lineOffset, ownText, scanBraces } from "./lib/engine/goSource";
import type { GcpRules, GcpResourceSchema, K8sRules, SourceRecord } from "./lib/engine/generatedRules";
import { UsageError, UserInputError as UserError } from "./lib/userError";

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, "tools/lib/engine/generated");

export interface Source extends SourceRecord {
    read(file: string): string;
}

function goModDownload(spec: string): { Dir?: string; Version?: string; Error?: string; Origin?: { Hash?: string } } {
    try {
        const out = execFileSync("go", ["mod", "download", "-json", spec], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        return JSON.parse(out) as { Dir?: string; Origin?: { Hash?: string } };
    } catch (e) {
        const stdout = (e as { stdout?: string }).stdout ?? "";
        try {
            return JSON.parse(stdout) as { Error?: string };
        } catch {
            return { Error: (e as Error).message.split("\n")[0] };
        }
    }
}

/** A provider module at the release its SDK's tag names, from the Go module cache. */
function fromModuleCache(sdk: string, provider: string, version: string, pin: string): Source & { dir: string } {
    const tag = goModDownload(`${sdk}@v${version}`);
    const commit = tag.Origin?.Hash;
    if (!commit) throw new UserError(tag.Error ?? `${sdk}@v${version}: no Origin.Hash`);
    const mod = goModDownload(`${provider}@${commit}`);
    if (!mod.Dir) throw new UserError(mod.Error ?? `${provider}@${commit}: no Dir`);
    const dir = mod.Dir;
    return {
        module: provider,
        version: `v${version}`,
        commit,
        pin,
        dir,
        read: (file) => fs.readFileSync(path.join(dir, file), "utf8"),
    };
}

/** `DIR@COMMIT=VERSION`: a git directory read at a commit, standing for a version. */
function fromGit(spec: string, module: string, pin: string, prefix: string): Source {
    const m = /^(.+)@([0-9a-f]{40})=(v[\w.+-]+)$/.exec(spec);
    if (!m?.[1] || !m[2] || !m[3]) throw new UserError(`source ${spec}: expected DIR@COMMIT=VERSION (a 40-hex commit)`);
    const [dir, commit, version] = [m[1], m[2], m[3]];
    const read = (file: string) => {
        try {
            return execFileSync("git", ["--git-dir", dir, "show", `${commit}:${prefix}${file}`], {
                encoding: "utf8",
                maxBuffer: 64 << 20,
            });
        } catch {
            throw new UserError(`${dir}: no ${prefix}${file} at ${commit}`);
        }
    };
    return { module, version, commit, pin, read };
}

/**
 * What a generated file records of its source. `release` is the Pulumi provider release the
 * source belongs to (for GCP: the pulumi-gcp release whose `upstream` it is); when that is not
 * the pin, the record says so.
 */
function record(source: Source, release: string): SourceRecord {
    const pinned = source.pin.split(" ").pop() ?? "";
    const gap =
        release.replace(/^v/, "") === pinned
            ? undefined
            : `read as of ${release}, not ${source.pin}: the Go module proxy here does not serve the pinned ` +
              "release's provider module, so these rules hold what that release does";
    return {
        module: source.module,
        version: source.version,
        commit: source.commit,
        pin: source.pin,
        ...(gap ? { gap } : {}),
    };
}

function pins(): Record<string, string> {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
    };
    return pkg.dependencies;
}

// ---------------------------------------------------------------------------------------------
// GCP

/** `google-beta/services/x.go` for a field's `at` (`x.go:12` under services, or a full path). */
function upstreamFile(at: string): { file: string; line: number } {
    const m = /^(.+):(\d+)$/.exec(at);
    if (!m?.[1] || !m[2]) throw new UserError(`bad source position ${at}`);
    const file = m[1].startsWith("google-beta/") ? m[1] : `google-beta/services/${m[1]}`;
    return { file, line: Number(m[2]) };
}

export function generateGcp(previous: GcpRules, source: Source, bridge: SourceRecord): GcpRules {
    const files = new Map<string, { src: string; braces: ReturnType<typeof scanBraces> }>();
    const load = (file: string) => {
        let f = files.get(file);
        if (!f) {
            const src = source.read(file);
            f = { src, braces: scanBraces(src) };
            files.set(file, f);
        }
        return f;
    };
    const named = new Set<string>();
    // Lines of the CustomizeDiff code that replaceRules.ts follows.
    const anchoredLines = new Set<string>();
    const problems: string[] = [];
    const schemas: Record<string, GcpResourceSchema> = {};
    for (const [type, schema] of Object.entries(previous.schemas)) {
        load(upstreamFile(schema.schemaAt).file);
        const forceNew = schema.forceNew.map((field) => {
            const { file, line } = upstreamFile(field.at);
            const { src, braces } = load(file);
            const tfKeys = field.tf.split(".");
            // A schema function's own literal (`return &schema.Schema{`, node_config.go) has no key
            // of its own: it is the field only at its recorded line.
            const holds = (offset: number, recorded: boolean) => {
                const chain = keyChain(src, braces, offset);
                if (chain.length === 0) return recorded;
                return chain.every((k, i) => k === tfKeys[tfKeys.length - chain.length + i]);
            };
            const forceNewAt = (l: number) => {
                const start = lineOffset(src, l);
                const text = src.slice(start, src.indexOf("\n", start));
                return /^\s*ForceNew:\s*true,/.test(text) ? start + text.indexOf("ForceNew") : undefined;
            };
            // The field's ForceNew at its recorded line, else the one line of the file whose
            // enclosing keys end the field's Terraform path (the line moved).
            let offset = forceNewAt(line);
            let at = line;
            if (offset === undefined || !holds(offset, true)) {
                const found = [...src.matchAll(/^\s*ForceNew:\s*true,/gm)]
                    .map((m) => m.index + m[0].indexOf("ForceNew"))
                    .filter((o) => holds(o, false));
                const longest = Math.max(0, ...found.map((o) => keyChain(src, braces, o).length));
                const best = found.filter((o) => keyChain(src, braces, o).length === longest);
                if (best.length !== 1 || best[0] === undefined) {
                    problems.push(
                        `${type} ${field.tf}: no single ForceNew: true for it in ${file} (recorded at line ${line})`,
                    );
                    return field;
                }
                offset = best[0];
                at = lineOf(src, offset);
            }
            named.add(`${file}:${at}`);
            const literal = enclosing(braces, offset);
            if (!literal) {
                problems.push(`${type} ${field.tf}: ${file}:${at} is not inside a schema literal`);
                return field;
            }
            const own = ownText(src, braces, literal[0], literal[1]);
            const computed = /\bOptional:\s*true/.test(own) && /\bComputed:\s*true/.test(own);
            const collection = /\bType:\s*schema\.Type(List|Set)\b/.test(own);
            const elem = /\bElem:\s*([^,\n]+)/.exec(own)?.[1] ?? "";
            const block = collection && elem !== "" && !elem.startsWith("&schema.Schema");
            const position = field.at.replace(/:\d+$/, `:${at}`);
            return { ...field, at: position, computed, ...(block ? { block: true as const } : {}) };
        });
        const customizeDiff = (schema.customizeDiff ?? []).map(({ anchor, at }) => {
            const { file } = upstreamFile(at);
            const { src } = load(file);
            const first = src.indexOf(anchor);
            if (first < 0 || src.indexOf(anchor, first + 1) >= 0) {
                const many = first < 0 ? "no" : "more than one";
                problems.push(`${type}: ${file} holds ${many} ${JSON.stringify(anchor)}`);
                return { anchor, at };
            }
            const line = lineOf(src, first);
            anchoredLines.add(`${file}:${line}`);
            return { anchor, at: at.replace(/:\d+$/, `:${line}`) };
        });
        schemas[type] = {
            ...schema,
            forceNew: forceNew.map(({ block, ...f }) => ({ ...f, ...(block ? { block } : {}) })),
            ...(customizeDiff.length > 0 ? { customizeDiff } : {}),
        };
    }
    for (const [file, { src, braces }] of files) {
        for (const m of src.matchAll(/^\s*ForceNew:\s*true,/gm)) {
            const line = lineOf(src, m.index);
            if (named.has(`${file}:${line}`) || !fieldOfProgramType(file)) continue;
            // A Computed field that is neither Optional nor Required is an output, not an input.
            const literal = enclosing(braces, m.index + m[0].indexOf("ForceNew"));
            const own = literal ? ownText(src, braces, literal[0], literal[1]) : "";
            if (/\bComputed:\s*true/.test(own) && !/\b(Optional|Required):\s*true/.test(own)) continue;
            const chain = keyChain(src, braces, m.index).join(".");
            problems.push(`${file}:${line}: ForceNew: true of ${chain} that no rule names`);
        }
    }
    // A CustomizeDiff that forces a new resource, in the files read, that no rule follows.
    for (const [file, { src, braces }] of files) {
        for (const m of src.matchAll(/\b(?:ForceNew|ForceNewIf|ForceNewIfChange)\(/g)) {
            const before = src.slice(Math.max(0, m.index - 60), m.index);
            if (braces.inert(m.index) || /\bfunc\s*(?:\([^)]*\)\s*)?$/.test(before)) continue;
            const line = lineOf(src, m.index);
            if (anchoredLines.has(`${file}:${line}`)) continue;
            problems.push(`${file}:${line}: a CustomizeDiff ForceNew that no rule follows`);
        }
    }
    problems.push(...unfollowedDiffChanges(files, anchoredLines));
    if (problems.length > 0)
        throw new UserError(`GCP source at ${source.commit} disagrees with the rule data:\n  ${problems.join("\n  ")}`);
    return { source: record(source, bridge.version), bridge, schemas };
}

/** A Terraform key without its list indexes: `replica_configuration.0.cascadable_replica` → `replica_configuration.cascadable_replica`. */
const bareKey = (key: string) =>
    key
        .split(".")
        .filter((k) => !/^\d+$/.test(k))
        .join(".");

/**
 * A CustomizeDiff that sets or clears the diff of a field a CustomizeDiff forces a new resource
 * on (ResourceDiff.SetNew, SetNewComputed and Clear delete the field's attribute diffs, its
 * ForceNew with them: terraform-plugin-sdk helper/schema resource_diff.go setDiff, clear), in a
 * function no rule follows: its line, or the line of its `func`, must be an anchor. The replica
 * promotion of google_sql_database_instance (SetNew of master_instance_name after its ForceNewIf)
 * is such a change: a rule that missed it would replace what the provider updates.
 */
function unfollowedDiffChanges(
    files: ReadonlyMap<string, { src: string; braces: ReturnType<typeof scanBraces> }>,
    anchoredLines: ReadonlySet<string>,
): string[] {
    const problems: string[] = [];
    for (const [file, { src, braces }] of files) {
        const forced = new Set<string>();
        for (const m of src.matchAll(/\b(?:ForceNew|ForceNewIf|ForceNewIfChange)\(\s*"([^"]+)"/g)) {
            if (!braces.inert(m.index) && m[1] !== undefined) forced.add(bareKey(m[1]));
        }
        const funcs = [...src.matchAll(/^func\b/gm)].map((m) => m.index);
        for (const m of src.matchAll(/\.(SetNew|SetNewComputed|Clear)\(\s*"([^"]+)"/g)) {
            const key = m[2] === undefined ? "" : bareKey(m[2]);
            if (braces.inert(m.index)) continue;
            const hit = [...forced].find((f) => f === key || f.startsWith(`${key}.`) || key.startsWith(`${f}.`));
            if (hit === undefined) continue;
            const line = lineOf(src, m.index);
            const fn = funcs.filter((o) => o < m.index).pop();
            const fnLine = fn === undefined ? undefined : lineOf(src, fn);
            if (
                anchoredLines.has(`${file}:${line}`) ||
                (fnLine !== undefined && anchoredLines.has(`${file}:${fnLine}`))
            )
                continue;
            problems.push(
                `${file}:${line}: ${m[1] ?? ""}("${m[2] ?? ""}") changes the diff of ${hit}, which a CustomizeDiff ` +
                    "forces new; no rule follows it",
            );
        }
    }
    return problems;
}

/** A Go file of pulumi-gcp's provider module: its name in provider/ and its text. */
export interface GoFile {
    name: string;
    text: string;
}

/**
 * The Terraform resources pulumi-gcp marks DeleteBeforeReplace, each with the position of its
 * `DeleteBeforeReplace: true`. A ResourceInfo is either a literal under its Terraform name in the
 * provider's resource map (resources.go) or the literal a `func x() *tfbridge.ResourceInfo` returns
 * in a file of its own (secret_manager.go), mounted in the map as `"google_…": x(),`.
 */
export function deleteBeforeReplaceOf(files: readonly GoFile[]): Map<string, string> {
    const out = new Map<string, string>();
    const byFunction = new Map<string, string>();
    for (const file of files) {
        const braces = scanBraces(file.text);
        for (const m of file.text.matchAll(/\bDeleteBeforeReplace:\s*true\b/g)) {
            if (braces.inert(m.index)) continue;
            const at = `provider/${file.name}:${lineOf(file.text, m.index)}`;
            const resource = keyChain(file.text, braces, m.index).find((k) => k.startsWith("google_"));
            if (resource) {
                out.set(resource, at);
                continue;
            }
            const before = file.text.slice(0, m.index);
            const fn = [...before.matchAll(/^func\s+(\w+)\(\)\s*\*tfbridge\.ResourceInfo\s*\{/gm)].pop()?.[1];
            if (!fn) throw new UserError(`${at}: DeleteBeforeReplace outside a resource's ResourceInfo`);
            byFunction.set(fn, at);
        }
    }
    for (const file of files) {
        for (const m of file.text.matchAll(/"(google_\w+)"\s*:\s*(\w+)\(\)/g)) {
            const at = m[2] === undefined ? undefined : byFunction.get(m[2]);
            if (m[1] && at) out.set(m[1], at);
        }
    }
    return out;
}

/** The rules with each type's delete-before-replace as pulumi-gcp's provider module marks it. */
export function withDeleteBeforeReplace(rules: GcpRules, marked: ReadonlyMap<string, string>): GcpRules {
    const schemas = Object.fromEntries(
        Object.entries(rules.schemas).map(([type, schema]) => {
            const { deleteBeforeReplace: _was, deleteBeforeReplaceAt: _wasAt, ...rest } = schema;
            const at = marked.get(schema.resource);
            return [type, at ? { ...rest, deleteBeforeReplace: true, deleteBeforeReplaceAt: at } : rest];
        }),
    );
    return { ...rules, schemas };
}

/**
 * Files whose every ForceNew line belongs to a resource the program declares. The shared IAM
 * schemas also serve the parents of IAM resources the program does not declare; their unnamed
 * lines are those resources' own.
 */
function fieldOfProgramType(file: string): boolean {
    return !file.includes("tpgiamresource/");
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

/** The `properties{...}` strings of a Go expression, with labelSelectorForceNewProperties expanded. */
function propertiesOf(expr: string, vars: ReadonlyMap<string, string>): string[] {
    const out: string[] = [];
    const ident = /^\s*([a-zA-Z_]\w*)\s*$/.exec(expr)?.[1];
    if (ident !== undefined) {
        const v = vars.get(ident);
        if (v === undefined) throw new UserError(`diff.go: no var ${ident}`);
        return propertiesOf(v, vars);
    }
    for (const m of expr.matchAll(/"([^"]+)"|labelSelectorForceNewProperties\("([^"]+)"\)/g)) {
        if (m[1] !== undefined) out.push(m[1]);
        else if (m[2] !== undefined) {
            const p = m[2];
            out.push(`${p}.matchExpressions`, `${p}.matchExpressions.key`, `${p}.matchExpressions.operator`);
            out.push(`${p}.matchExpressions.values`, `${p}.matchLabels`);
        }
    }
    return out;
}

export function generateK8s(source: Source, kinds: readonly string[]): K8sRules {
    const diffGo = source.read("provider/pkg/provider/diff.go");
    const providerGo = source.read("provider/pkg/provider/provider.go");
    const lineOfText = (src: string, text: string, file: string) => {
        const at = src.indexOf(text);
        if (at < 0) throw new UserError(`${file} at ${source.commit}: no ${JSON.stringify(text)}`);
        return lineOf(src, at);
    };
    const identityComment = "// Changing the identity of the resource always";
    const flagLine = (flag: string) => lineOfText(providerGo, `${flag} := func() bool`, "provider.go");
    const braces = scanBraces(diffGo);
    const vars = new Map<string, string>();
    for (const match of diffGo.matchAll(/^var (\w+) = /gm)) {
        const start = match.index + match[0].length;
        let end = start;
        let depth = 0;
        for (let i = start; i < diffGo.length; i++) {
            const c = diffGo.charAt(i);
            if (braces.inert(i)) continue;
            if (c === "{" || c === "(") depth++;
            if (c === "}" || c === ")") depth--;
            if (depth === 0 && c === "\n") {
                end = i;
                break;
            }
        }
        vars.set(match[1] ?? "", diffGo.slice(start, end));
    }
    const groups = vars.get("forceNew") ?? "";
    const core = vars.get("core") ?? "";
    const rules: K8sRules["kinds"] = {};
    for (const type of kinds) {
        const m = /^kubernetes:([\w.]+)\/(\w+):(\w+)$/.exec(type);
        if (!m?.[1] || !m[2] || !m[3]) throw new UserError(`not a Kubernetes type: ${type}`);
        const [group, version, kind] = [m[1] === "core" ? "core" : groupName(m[1]), m[2], m[3]];
        const versions = group === "core" ? core : versionsOf(groups, group);
        const kindsText = versions === undefined ? undefined : sectionOf(versions, `"${version}"`);
        const entry =
            kindsText === undefined
                ? undefined
                : new RegExp(`"${kind}":\\s*([^,}]+(?:\\([^)]*\\)[^,}]*)?|properties\\{[^}]*\\})`).exec(kindsText);
        const forceNew = entry?.[1] !== undefined ? propertiesOf(entry[1], vars) : [];
        const mutable =
            kind === "Secret"
                ? {
                      flag: "enableSecretMutable",
                      paths: [".stringData", ".data"],
                      line: lineOfText(diffGo, "clients.IsSecret(obj)", "diff.go"),
                  }
                : kind === "ConfigMap"
                  ? {
                        flag: "enableConfigMapMutable",
                        paths: [".binaryData", ".data"],
                        line: lineOfText(diffGo, "clients.IsConfigMap(obj)", "diff.go"),
                    }
                  : undefined;
        rules[type] = {
            forceNew: forceNew.filter((p) => !(mutable?.paths.includes(p) ?? false)),
            ...(mutable ? { mutableFlag: mutable } : {}),
            at: entry
                ? `diff.go:${lineOf(diffGo, diffGo.indexOf(kindsText ?? "") + (entry.index ?? 0))}`
                : "diff.go: no entry (metadata only)",
        };
    }
    return {
        source: record(source, source.version),
        forceNewPropertiesAt: `diff.go:${lineOfText(diffGo, "func (k *kubeProvider) forceNewProperties", "diff.go")}`,
        mutableFlagsAt: {
            enableConfigMapMutable: `provider.go:${flagLine("enableConfigMapMutable")}`,
            enableSecretMutable: `provider.go:${flagLine("enableSecretMutable")}`,
        },
        diffConfigAt: `provider.go:${lineOfText(providerGo, "func (k *kubeProvider) DiffConfig(", "provider.go")}`,
        identityReplacesAt: `provider.go:${lineOfText(providerGo, identityComment, "provider.go")}`,
        deleteBeforeReplaceAt: `provider.go:${lineOfText(providerGo, "deleteBeforeReplace := // 1.", "provider.go")}`,
        kinds: rules,
    };
}

/** Pulumi's Kubernetes group token (`apps`, `batch`, `policy`, `autoscaling`) as the API group. */
function groupName(token: string): string {
    return token === "rbac" ? "rbac.authorization.k8s.io" : token === "storage" ? "storage.k8s.io" : token;
}

/** The text of `"key": <value>` inside a Go map literal, the value's braces balanced. */
function sectionOf(text: string, key: string): string | undefined {
    const at = text.indexOf(`${key}:`);
    if (at < 0) return undefined;
    const open = text.indexOf("{", at);
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        if (text.charAt(i) === "{") depth++;
        if (text.charAt(i) === "}" && --depth === 0) return text.slice(at, i + 1);
    }
    return undefined;
}

function versionsOf(groups: string, group: string): string | undefined {
    return sectionOf(groups, `"${group}"`);
}

// ---------------------------------------------------------------------------------------------

function main(argv: string[]): void {
    const arg = (name: string) => {
        const i = argv.indexOf(name);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    for (const a of argv)
        if (a.startsWith("--") && !["--gcp-source", "--gcp-bridge", "--gcp-upstream", "--k8s-source"].includes(a))
            throw new UsageError(`unknown option ${a}`);
    const deps = pins();
    const gcpPin = deps["@pulumi/gcp"] ?? "";
    const k8sPin = deps["@pulumi/kubernetes"] ?? "";
    const gcpFile = path.join(outDir, "gcp.json");
    const k8sFile = path.join(outDir, "kubernetes.json");
    const previousGcp = JSON.parse(fs.readFileSync(gcpFile, "utf8")) as GcpRules;
    const previousK8s = JSON.parse(fs.readFileSync(k8sFile, "utf8")) as K8sRules;

    const gcpSpec = arg("--gcp-source");
    const bridgeSpec = arg("--gcp-bridge");
    if (gcpSpec !== undefined && bridgeSpec === undefined) {
        throw new UsageError("--gcp-source needs --gcp-bridge (the pulumi-gcp it is the upstream of)");
    }
    const fromCache = gcpSpec === undefined ? googleBetaOfPulumiGcp(gcpPin, arg("--gcp-upstream")) : undefined;
    const gcpSource =
        fromCache?.source ??
        fromGit(gcpSpec ?? "", "github.com/hashicorp/terraform-provider-google-beta", `@pulumi/gcp ${gcpPin}`, "");
    const { bridge, goFiles } = fromCache ?? bridgeFromGit(bridgeSpec ?? "", `@pulumi/gcp ${gcpPin}`, gcpSource.commit);
    const k8sSpec = arg("--k8s-source");
    const k8sSource = k8sSpec
        ? fromGit(k8sSpec, "github.com/pulumi/pulumi-kubernetes/provider/v4", `@pulumi/kubernetes ${k8sPin}`, "")
        : fromModuleCache(
              "github.com/pulumi/pulumi-kubernetes/sdk/v4",
              "github.com/pulumi/pulumi-kubernetes/provider/v4",
              k8sPin,
              `@pulumi/kubernetes ${k8sPin}`,
          );

    const gcp = withDeleteBeforeReplace(generateGcp(previousGcp, gcpSource, bridge), deleteBeforeReplaceOf(goFiles()));
    const k8s = generateK8s(k8sSource, Object.keys(previousK8s.kinds));
    fs.writeFileSync(gcpFile, `${JSON.stringify(gcp, null, 1)}\n`);
    fs.writeFileSync(k8sFile, `${JSON.stringify(k8s, null, 1)}\n`);
    const count = Object.values(gcp.schemas).reduce((n, s) => n + s.forceNew.length, 0);
    const blocks = Object.values(gcp.schemas).reduce((n, s) => n + s.forceNew.filter((f) => f.block).length, 0);
    process.stdout.write(
        `gcp.json: ${Object.keys(gcp.schemas).length} types, ${count} ForceNew fields (${blocks} blocks) ` +
            `from ${gcp.source.module} ${gcp.source.version} (${gcp.source.commit})\n` +
            `kubernetes.json: ${Object.keys(k8s.kinds).length} kinds ` +
            `from ${k8s.source.module} ${k8s.source.version} (${k8s.source.commit})\n`,
    );
}

/**
 * pulumi-gcp at a commit, from a git directory (`DIR@COMMIT=VERSION`): its `upstream` submodule
 * must be the terraform-provider-google-beta commit the rules are read from, and none of its
 * patches/ (applied to upstream before the build; not part of any Go module) may add or remove a
 * ForceNew line, or the rules read from upstream alone would not be the provider's.
 */
/** pulumi-gcp's provider module as the rules record it, and its Go files (read when asked). */
interface GcpBridge {
    bridge: SourceRecord;
    goFiles: () => GoFile[];
}

function bridgeFromGit(spec: string, pin: string, upstream: string): GcpBridge {
    const m = /^(.+)@([0-9a-f]{40})=(v[\w.+-]+)$/.exec(spec);
    if (!m?.[1] || !m[2] || !m[3]) throw new UserError(`--gcp-bridge ${spec}: expected DIR@COMMIT=VERSION`);
    const [dir, commit, version] = [m[1], m[2], m[3]];
    const git = (...args: string[]) => {
        try {
            return execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
        } catch {
            throw new UserError(`${dir}: git ${args.join(" ")} failed at ${commit}`);
        }
    };
    const submodule = /^160000 commit ([0-9a-f]{40})\tupstream$/m.exec(git("ls-tree", commit, "upstream"))?.[1];
    if (submodule !== upstream) {
        throw new UserError(
            `pulumi-gcp ${version} (${commit}) pins upstream ${submodule ?? "(none)"}, not ${upstream}`,
        );
    }
    const patches = git("ls-tree", "--name-only", `${commit}:patches`)
        .split("\n")
        .filter((f) => f.endsWith(".patch"));
    for (const patch of patches) {
        const touched = git("show", `${commit}:patches/${patch}`)
            .split("\n")
            .filter((l) => /^[+-](?![+-]).*\bForceNew\b/.test(l));
        if (touched.length > 0)
            throw new UserError(`pulumi-gcp patches/${patch} changes ForceNew: ${touched.join(" | ")}`);
    }
    const goFiles = (): GoFile[] =>
        git("ls-tree", "--name-only", `${commit}:provider`)
            .split("\n")
            .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
            .map((name) => ({ name, text: git("show", `${commit}:provider/${name}`) }));
    return { bridge: { module: "github.com/pulumi/pulumi-gcp/provider/v9", version, commit, pin, patches }, goFiles };
}

/**
 * pulumi-gcp's provider module at the release its SDK tag names, and terraform-provider-google-beta
 * at the commit of its `upstream` submodule. The provider go.mod replaces google-beta with
 * `../upstream` (a `v0.0.0` requirement), so the commit is not in any Go module: it is given as
 * `--gcp-upstream COMMIT`, read from a pulumi-gcp checkout (`git ls-tree <release> upstream`).
 */
function googleBetaOfPulumiGcp(pin: string, upstream: string | undefined): GcpBridge & { source: Source } {
    if (!upstream || !/^[0-9a-f]{40}$/.test(upstream)) {
        throw new UsageError(
            "reading from the module cache needs --gcp-upstream COMMIT (pulumi-gcp's upstream submodule)",
        );
    }
    const gcp = fromModuleCache(
        "github.com/pulumi/pulumi-gcp/sdk/v9",
        "github.com/pulumi/pulumi-gcp/provider/v9",
        pin,
        `@pulumi/gcp ${pin}`,
    );
    const mod = goModDownload(`github.com/hashicorp/terraform-provider-google-beta@${upstream}`);
    if (!mod.Dir) throw new UserError(mod.Error ?? `terraform-provider-google-beta@${upstream}: no Dir`);
    const dir = mod.Dir;
    const source: Source = {
        module: "github.com/hashicorp/terraform-provider-google-beta",
        version: mod.Version ?? upstream,
        commit: upstream,
        pin: `@pulumi/gcp ${pin}`,
        read: (file) => fs.readFileSync(path.join(dir, file), "utf8"),
    };
    const goFiles = (): GoFile[] =>
        fs
            .readdirSync(gcp.dir)
            .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
            .map((name) => ({ name, text: fs.readFileSync(path.join(gcp.dir, name), "utf8") }));
    return {
        source,
        bridge: { module: gcp.module, version: gcp.version, commit: gcp.commit, pin: gcp.pin },
        goFiles,
    };
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`generate:rules: ${(e as Error).message}\n`);
        process.exit(e instanceof UsageError ? 2 : 1);
    }
}
