/**
 * The program compiles as `pulumi up` runs it: the Node.js language host starts
 * @pulumi/pulumi's cmd/run in the folder of Pulumi.yaml's `main`, which reads the tsconfig at
 * PULUMI_NODEJS_TSCONFIG_PATH (Pulumi.yaml's runtime option `tsconfig`), or else `tsconfig.json`,
 * relative to that folder, and type-checks with it through ts-node; a path that names no file
 * leaves ts-node on its own defaults.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as YAML from "yaml";
import { projectRoot } from "../support/paths";

const project = YAML.parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as {
    main: string;
    runtime: { options?: { typescript?: boolean; tsconfig?: string } };
};
/** The folder cmd/run changes to (the language host's program directory). */
const programDir = path.dirname(path.join(projectRoot, project.main));
/** The tsconfig cmd/run hands ts-node, resolved from that folder. */
const tsconfigPath = path.resolve(programDir, project.runtime.options?.tsconfig ?? "tsconfig.json");

describe("the program under the language host", function () {
    this.timeout(120000);

    it("is TypeScript with a tsconfig that exists where the language host looks: the project's own", () => {
        assert.strictEqual(project.runtime.options?.typescript, true);
        assert.ok(
            fs.existsSync(tsconfigPath),
            `${tsconfigPath} does not exist: ts-node would compile with its defaults`,
        );
        assert.strictEqual(tsconfigPath, path.join(projectRoot, "tsconfig.json"));
    });

    it("type-checks infra/index.ts without an error under that tsconfig", () => {
        const parsed = ts.getParsedCommandLineOfConfigFile(
            tsconfigPath,
            {},
            {
                ...ts.sys,
                onUnRecoverableConfigFileDiagnostic: (d) =>
                    assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
            },
        )!;
        const program = ts.createProgram([path.join(projectRoot, project.main)], { ...parsed.options, noEmit: true });
        const errors = ts.getPreEmitDiagnostics(program).map((d) => {
            const where = d.file
                ? `${path.relative(projectRoot, d.file.fileName)}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}): `
                : "";
            return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
        });
        assert.deepStrictEqual(errors, []);
    });
});
