/**
 * A tool in miniature for the signal tests: installs the clean exit on signals, registers the
 * removal of a scratch directory, starts a bounded child (`sleep`) in its own process group and
 * prints "ready <child pid>"; a signal must then remove the directory, kill the child's group and
 * exit with the signal's code.
 */
import * as fs from "fs";
import { atSignal, exitCleanlyOnSignals, runChild } from "../../tools/lib/children";

const dir = process.argv[2] ?? "";
exitCleanlyOnSignals((signal) => `harness: ${signal}`);
atSignal(() => fs.rmSync(dir, { recursive: true, force: true }));
void runChild("sh", ["-c", "echo $$ > pid; exec sleep 30"], { cwd: dir, timeoutMs: 60_000 });
const wait = setInterval(() => {
    if (fs.existsSync(`${dir}/pid`) && fs.readFileSync(`${dir}/pid`, "utf8").endsWith("\n")) {
        clearInterval(wait);
        process.stdout.write(`ready ${fs.readFileSync(`${dir}/pid`, "utf8").trim()}\n`);
    }
}, 10);
