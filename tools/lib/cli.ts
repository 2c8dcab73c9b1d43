/**
 * What the command-line tools share: commander's parsing without process.exit, the repeatable
 * `--set`, the mapping of errors to exit codes (1: the input is wrong, with a message naming it;
 * 3: the tool itself failed), and an exit that waits for stdout to flush.
 */
import { Command } from "commander";
import { ConfigError } from "../../infra/config";
import { exitWhenFlushed } from "./exit";
import { DrillError } from "./drill/errors";
import { ScenarioError } from "./drill/scenario";
import { ProbeOptionError } from "./probe/run";
import { RemediationError } from "./remediate";
import { StackConfigError } from "./stackConfig";

export const collect = (value: string, previous: string[]) => [...previous, value];

/** A commander program that reports usage errors on stderr and throws instead of exiting. */
export function command(name: string, description: string): Command {
    return new Command()
        .name(name)
        .description(description)
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

/** Errors that mean "your input is wrong": printed as `error: <message>`, exit 1. */
function isUserError(e: unknown): e is Error {
    return e instanceof ConfigError || e instanceof StackConfigError || e instanceof RemediationError || e instanceof ProbeOptionError || e instanceof DrillError || e instanceof ScenarioError;
}

/** Parses argv with `program`, runs `main` with it, and exits with the right code. */
export function runCli(name: string, program: Command, main: (program: Command) => Promise<void>): void {
    const run = async (): Promise<number> => {
        try {
            program.parse(process.argv.slice(2), { from: "user" });
        } catch (e) {
            // commander has printed the usage error (or the help) already.
            return (e as { exitCode?: number }).exitCode ?? 2;
        }
        try {
            await main(program);
            // A command may set a non-zero code for a verdict (e.g. a mandatory policy violation).
            return typeof process.exitCode === "number" ? process.exitCode : 0;
        } catch (e) {
            if (!isUserError(e)) throw e;
            process.stderr.write(`error: ${e.message}\n`);
            return 1;
        }
    };
    run().then(exitWhenFlushed, (e) => {
        process.stderr.write(`${name} failed: ${(e as Error).stack ?? String(e)}\n`);
        exitWhenFlushed(3);
    });
}
