/** `npm run docs:review`: regenerates docs/review-sample.md, the sample pull-request comment. */
import { rewriteDoc } from "./lib/docFile";
import { reviewSample } from "./lib/reviewSample";

rewriteDoc("docs/review-sample.md", () => reviewSample());
