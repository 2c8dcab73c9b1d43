/** `npm run docs:config`: rewrites the README's config reference from the schema, keeping descriptions. */
import * as fs from "fs";
import * as path from "path";
import { endMarker, renderReference, startMarker } from "./lib/configReference";

const file = path.resolve(__dirname, "..", "README.md");
const readme = fs.readFileSync(file, "utf8");
const start = readme.indexOf(startMarker);
const end = readme.indexOf(endMarker) + endMarker.length;
fs.writeFileSync(file, readme.slice(0, start) + renderReference(readme) + readme.slice(end));
const missing = renderReference(fs.readFileSync(file, "utf8")).split("\n").filter((l) => l.endsWith("|  |"));
if (missing.length > 0) {
    process.stderr.write(`describe these keys in README.md:\n${missing.join("\n")}\n`);
    process.exit(1);
}
