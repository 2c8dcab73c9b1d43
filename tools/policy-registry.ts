/** `npm run policy:registry`: rewrites policies/policies.ts from the policy files (tools/lib/policyRegistry.ts). */
import * as fs from "fs";
import * as path from "path";
import { registryFile, renderRegistry } from "./lib/policyRegistry";

renderRegistry()
    .then((text) => {
        fs.writeFileSync(registryFile, text);
        process.stdout.write(`wrote ${path.relative(process.cwd(), registryFile)}\n`);
    })
    .catch((e: Error) => {
        process.stderr.write(`${e.message}\n`);
        process.exit(1);
    });
