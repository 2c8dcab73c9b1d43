/** The project's root, wherever a test file sits below test/. */
import * as path from "path";

export const projectRoot = path.resolve(__dirname, "..", "..");
