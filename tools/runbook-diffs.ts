/** `npm run docs:runbook`: regenerates the offline diffs quoted in docs/runbook.md. */
import { rewriteDoc } from "./lib/docFile";
import { refreshQuotes } from "./lib/docDiffs";

rewriteDoc("docs/runbook.md", refreshQuotes);
