/** `npm run docs:runbook`: regenerates the offline diffs quoted in docs/runbook.md. */
import * as fs from "fs";
import * as path from "path";
import { refreshQuotes } from "./lib/docDiffs";

const file = path.resolve(__dirname, "..", "docs", "runbook.md");
refreshQuotes(fs.readFileSync(file, "utf8")).then(
    (doc) => {
        fs.writeFileSync(file, doc);
        process.exit(0);
    },
    (e) => {
        process.stderr.write(`${(e as Error).stack}\n`);
        process.exit(1);
    },
);
