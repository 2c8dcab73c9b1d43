/** `npm run docs:runbook`: regenerates the offline diffs and the bring-up rehearsal quoted in docs/runbook.md. */
import { refreshRehearsalQuotes } from "./lib/bringUp/quotes";
import { rewriteDoc } from "./lib/docFile";
import { refreshQuotes } from "./lib/docDiffs";

rewriteDoc("docs/runbook.md", async (doc) => refreshRehearsalQuotes(await refreshQuotes(doc)));
