/**
 * What the command-line tools share: commander's parsing without process.exit, the repeatable
 * `--set`, and the exit-code contract of every tool (README "Exit codes"; docs/design.md "Limits"):
 *   0 done; 1 refused input, with a message naming the key (and file and line where there is
 *   one); 2 usage; anything else a bug (3, with its stack trace).
 * No user input may end in a stack trace: every refusal is a UserInputError or the program's
 * ConfigError. Messages go out with control characters escaped; the exit waits for stdout to flush.
 */
import { Command, CommanderError } from "commander";
import { ConfigError } from "../../infra/config";
import { exitWhenFlushed } from "./exit";
import { escapeControl, UsageError, UserInputError } from "./userError";

export const collect = (value: string, previous: string[]) => [...previous, value];

/** A commander program that reports usage errors on stderr and throws instead of exiting. */
export function command(name: string, description: string): Command {
    return new Command()
        .name(name)
        .description(description)
        .exitOverride()
        .configureOutput({
            writeErr: (s) => process.stderr.write(escapeControl(s)),
            writeOut: (s) => process.stdout.write(s),
        });
}

/** Errors that mean "your input is wrong": printed as `error: <message>`, exit 1. */
export function isUserError(e: unknown): e is Error {
    return e instanceof UserInputError || e instanceof ConfigError;
}

/** The exit code of a commander parse error: 0 for help and version, 2 for every usage error. */
export function usageExitCode(e: unknown): number {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
}

/**
 * The first single-value option given more than once (`--stack a --stack b`): commander keeps the
 * last silently, so a stack named by mistake would win. Repeatable options (`--set`) are those
 * parsed with `collect`; flags without a value are harmless when repeated.
 */
export function repeatedOption(program: Command, argv: readonly string[]): string | undefined {
    const end = argv.indexOf("--");
    const args = end < 0 ? argv : argv.slice(0, end);
    for (const o of program.options) {
        if (o.long === undefined || o.parseArg === collect || !(o.required || o.optional)) continue;
        const long = o.long;
        const short = o.short;
        const count = args.filter(
            (a) =>
                a === long ||
                a.startsWith(`${long}=`) ||
                (short !== undefined && (a === short || (a.startsWith(short) && !a.startsWith("--")))),
        ).length;
        if (count > 1) return o.flags;
    }
    return undefined;
}

/** Runs a tool's main and maps what it throws to the exit-code contract; returns the code. */
export async function runMain(
    program: Command,
    argv: readonly string[],
    main: (program: Command) => Promise<void>,
): Promise<number> {
    const twice = repeatedOption(program, argv);
    if (twice !== undefined) {
        process.stderr.write(`error: option '${twice}' given more than once; it takes one value\n`);
        return 2;
    }
    try {
        program.parse([...argv], { from: "user" });
    } catch (e) {
        // commander has printed the usage error (or the help) already.
        return usageExitCode(e);
    }
    try {
        await main(program);
        // A command may set a non-zero code for a verdict (e.g. a mandatory policy violation).
        return typeof process.exitCode === "number" ? process.exitCode : 0;
    } catch (e) {
        if (e instanceof UsageError) {
            process.stderr.write(`error: ${escapeControl(e.message)}\n`);
            return 2;
        }
        if (!isUserError(e)) throw e;
        process.stderr.write(`error: ${escapeControl(e.message)}\n`);
        return 1;
    }
}

/** Parses argv with `program`, runs `main` with it, and exits with the right code. */
export function runCli(name: string, program: Command, main: (program: Command) => Promise<void>): void {
    runMain(program, process.argv.slice(2), main).then(exitWhenFlushed, (e) => {
        process.stderr.write(`${name} failed (a bug, not your input): ${(e as Error).stack ?? String(e)}\n`);
        exitWhenFlushed(3);
    });
}
