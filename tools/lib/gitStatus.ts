/**
 * Whether a stack file has edits git has not recorded: the on-call's change must be committed so
 * the team (and the post-incident timeline) see what was applied and when.
 */
import { execFileSync } from "child_process";
import { projectRoot } from "./stackConfig";

/** `git status --porcelain` of one file: "" clean, " M"/"M " modified, "??" untracked; undefined without git. */
export function gitStatusOf(relativePath: string, cwd = projectRoot): string | undefined {
    try {
        return execFileSync("git", ["status", "--porcelain", "--", relativePath], {
            cwd,
            encoding: "utf8",
            timeout: 10_000,
            stdio: ["ignore", "pipe", "ignore"],
        }).slice(0, 2);
    } catch {
        return undefined;
    }
}

/** Warnings about the stack file's uncommitted edits, for the tools' output. */
export function stackFileWarnings(stack: string, cwd = projectRoot): string[] {
    const file = `Pulumi.${stack}.yaml`;
    const status = gitStatusOf(file, cwd);
    if (status === undefined) return [`note: cannot tell whether ${file} is committed (no git here)`];
    if (status === "") return [];
    if (status === "??") return [`warning: ${file} is not committed at all: commit it before applying`];
    return [
        `warning: ${file} has uncommitted edits: commit them before applying, so what runs is what the team can read`,
    ];
}
