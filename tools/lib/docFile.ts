/**
 * The generators of committed docs (the runbook's quoted diffs, the sample review comment): read
 * the file, write what the renderer makes of it (both through the I/O layer: a regular file of at
 * most 4 MiB, an atomic write), exit 1 with the reason if rendering fails.
 */
import * as path from "path";
import { readRegularFileIfExists, writeFileAtomic } from "./io";
import { projectRoot } from "./stackConfig";
import { escapeControl } from "./userError";

export function rewriteDoc(relativePath: string, render: (current: string) => Promise<string>): void {
    const file = path.join(projectRoot, relativePath);
    Promise.resolve()
        .then(() => render(readRegularFileIfExists(file, { limit: 4 * 1024 * 1024, label: relativePath })?.text ?? ""))
        .then((doc) => writeFileAtomic(file, doc, { label: relativePath }))
        .then(
            () => process.exit(0),
            (e) => {
                process.stderr.write(`${escapeControl((e as Error).stack ?? String(e))}\n`);
                process.exit(1);
            },
        );
}
