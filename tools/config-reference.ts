/** `npm run docs:config`: rewrites the README's config reference from the schema and its descriptions. */
import * as fs from "fs";
import * as path from "path";
import { readmeReference, renderReference } from "./lib/configReference";

const file = path.resolve(__dirname, "..", "README.md");
const readme = fs.readFileSync(file, "utf8");
fs.writeFileSync(file, readme.replace(readmeReference(readme), renderReference()));
