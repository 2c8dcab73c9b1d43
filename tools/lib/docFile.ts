/**
 * The generators of committed docs (the runbook's quoted diffs, the sample review comment): read
 * the file, write what the renderer makes of it, exit 1 with the reason if rendering fails.
 */
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "./stackConfig";

export function rewriteDoc(relativePath: string, render: (current: string) => Promise<string>): void {
    const file = path.join(projectRoot, relativePath);
    render(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "").then(
        (doc) => {
            fs.writeFileSync(file, doc);
            process.exit(0);
        },
        (e) => {
            process.stderr.write(`${(e as Error).stack}\n`);
            process.exit(1);
        },
    );
}
