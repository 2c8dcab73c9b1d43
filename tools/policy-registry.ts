/** `npm run policy:registry`: rewrites policies/policies.ts from the policy files (tools/lib/policyRegistry.ts). */
import * as fs from "fs";
import * as path from "path";
import { registryFile, renderRegistry } from "./lib/policyRegistry";

try {
    fs.writeFileSync(registryFile, renderRegistry());
    process.stdout.write(`wrote ${path.relative(process.cwd(), registryFile)}\n`);
} catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
}
