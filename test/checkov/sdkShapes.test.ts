/**
 * The name table is cut from pulumi-gcp's bridge metadata of the pinned release (checkov/gcp-names.json
 * records it, and package.json pins @pulumi/gcp at that release). This
 * holds the table to the pinned SDK's own declarations for every input the committed stacks set: an
 * object the SDK types as a nested input type is a block the table flattens (a list of one object in
 * Terraform), an array is a list the table has, a `{ [key: string]: … }` is a map the table does not
 * list; a property the pinned SDK does not declare fails too.
 */
import * as assert from "assert";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import * as ts from "typescript";
import { checkovStacks } from "../../tools/lib/checkov/evidence";
import { FieldShape, loadNameTable, terraformField } from "../../tools/lib/checkov/names";
import { gcpResources } from "../../tools/lib/checkov/terraformPlan";
import { secretMask } from "../../tools/lib/plan";
import { projectRoot } from "../support/paths";
import { planOf } from "../support/plans";

const sdk = join(projectRoot, "node_modules", "@pulumi", "gcp");

/** Each interface of a declaration file (`ns.Name` inside a namespace) → its properties' type text. */
function interfaces(file: string): Map<string, Map<string, string>> {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, false);
    const out = new Map<string, Map<string, string>>();
    const visit = (node: ts.Node, prefix: string) => {
        if (ts.isModuleDeclaration(node)) {
            const name = `${prefix}${node.name.getText(source)}.`;
            node.body?.forEachChild((c) => visit(c, name));
        } else if (ts.isModuleBlock(node)) {
            node.forEachChild((c) => visit(c, prefix));
        } else if (ts.isInterfaceDeclaration(node)) {
            const props = new Map<string, string>();
            for (const m of node.members) {
                if (ts.isPropertySignature(m) && m.type) {
                    props.set(m.name.getText(source), m.type.getText(source).replace(/\s+/g, " "));
                }
            }
            out.set(`${prefix}${node.name.text}`, props);
        }
    };
    source.forEachChild((c) => visit(c, ""));
    return out;
}

type Shape = { kind: "block" | "blocks"; type: string } | { kind: "map" | "list" | "scalar" };

function shapeOf(typeText: string): Shape {
    const nested = /inputs\.([\w.]+)/.exec(typeText);
    if (nested?.[1]) return { kind: /inputs\.[\w.]+>?\[\]/.test(typeText) ? "blocks" : "block", type: nested[1] };
    if (/\{ ?\[key: string\]/.test(typeText)) return { kind: "map" };
    return { kind: /\[\]/.test(typeText) ? "list" : "scalar" };
}

/** The interface a Pulumi type token's Args live in: `gcp:sql/databaseInstance:DatabaseInstance`. */
function argsOf(token: string): Map<string, string> | undefined {
    const [, module, file, name] = /^gcp:([^/]+)\/([^:]+):(.+)$/.exec(token) ?? [];
    if (!module || !file || !name) return undefined;
    const match = readdirSync(join(sdk, module)).find((f) => f.toLowerCase() === `${file.toLowerCase()}.d.ts`);
    return match ? interfaces(join(sdk, module, match)).get(`${name}Args`) : undefined;
}

describe("the name table against the pinned @pulumi/gcp SDK", () => {
    it("the SDK and the name table are the pinned release", () => {
        const pkg = JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")) as { version: string };
        const root = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        const table = JSON.parse(readFileSync(join(projectRoot, "checkov", "gcp-names.json"), "utf8")) as {
            source: { pulumiGcp: string };
        };
        assert.deepStrictEqual(
            [pkg.version, `v${root.dependencies["@pulumi/gcp"] ?? ""}`],
            ["9.35.0", table.source.pulumiGcp],
        );
    });

    it("every input of the committed stacks has the shape the table gives it", async () => {
        const table = loadNameTable();
        const nested = interfaces(join(sdk, "types", "input.d.ts"));
        const mismatches: string[] = [];
        const check = (
            value: Record<string, unknown>,
            props: Map<string, string> | undefined,
            fields: Record<string, FieldShape> | undefined,
            where: string,
        ) => {
            for (const [key, v] of Object.entries(value)) {
                const typeText = props?.get(key);
                if (typeText === undefined) {
                    mismatches.push(`${where}.${key}: not declared by the SDK`);
                    continue;
                }
                if (v === secretMask) continue;
                const sdkShape = shapeOf(typeText);
                const field = terraformField(key, fields, where).shape;
                const agrees =
                    sdkShape.kind === "block"
                        ? field?.maxItemsOne === true
                        : sdkShape.kind === "blocks" || sdkShape.kind === "list"
                          ? field?.maxItemsOne === false
                          : sdkShape.kind === "map"
                            ? field === undefined
                            : field === undefined || field.maxItemsOne;
                if (!agrees)
                    mismatches.push(
                        `${where}.${key}: the SDK has a ${sdkShape.kind}, the table ${JSON.stringify(field)}`,
                    );
                if (sdkShape.kind === "block" && typeof v === "object" && v !== null) {
                    check(
                        v as Record<string, unknown>,
                        nested.get(sdkShape.type),
                        field?.elem?.fields,
                        `${where}.${key}`,
                    );
                }
                if (sdkShape.kind === "blocks" && Array.isArray(v)) {
                    v.forEach((e, i) =>
                        check(
                            e as Record<string, unknown>,
                            nested.get(sdkShape.type),
                            field?.elem?.fields,
                            `${where}.${key}[${i}]`,
                        ),
                    );
                }
            }
        };
        let inputs = 0;
        for (const stack of checkovStacks) {
            for (const r of gcpResources(await planOf(stack))) {
                inputs += Object.keys(r.inputs).length;
                check(r.inputs, argsOf(r.type), table.resources[r.type]?.fields, `${stack} ${r.type} ${r.name}`);
            }
        }
        assert.deepStrictEqual(mismatches, []);
        assert.ok(inputs > 1000, `only ${inputs} inputs checked`);
    });
});
