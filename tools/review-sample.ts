/** `npm run docs:review`: regenerates docs/review-sample.md, the sample pull-request comment. */
import * as fs from "fs";
import * as path from "path";
import { reviewSample } from "./lib/reviewSample";

const file = path.resolve(__dirname, "..", "docs", "review-sample.md");
reviewSample().then(
    (doc) => {
        fs.writeFileSync(file, doc);
        process.exit(0);
    },
    (e) => {
        process.stderr.write(`${(e as Error).stack}\n`);
        process.exit(1);
    },
);
