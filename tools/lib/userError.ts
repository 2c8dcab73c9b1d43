/**
 * The base of every "your input is wrong" error of the incident tools: the CLIs print its message
 * as `error: <message>` and exit 1. Anything else that reaches the top is a bug (exit 3).
 */
export class UserInputError extends Error {}

/** The usage is wrong (an option missing, an argument the command does not take): exit 2. */
export class UsageError extends Error {}

/**
 * A message made safe for a terminal: control characters (ESC sequences, carriage returns, NUL,
 * bidi overrides) are shown escaped, so input echoed in an error cannot rewrite the screen. Line
 * breaks and tabs between lines of the message itself are kept.
 */
export function escapeControl(text: string): string {
    // eslint-disable-next-line no-control-regex -- the control characters are what this escapes
    return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
        const code = c.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
    });
}

/** Whether a one-line value (a tag, a name) holds a control character or a line break of any kind. */
export function hasControlCharacter(text: string): boolean {
    for (const c of text) {
        const n = c.codePointAt(0) ?? 0;
        if (n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029) return true;
    }
    return false;
}

/** One line of output from untrusted text (a URN, a path): control characters and line breaks escaped. */
export function escapeLine(text: string): string {
    return escapeControl(text).replace(/\n/g, "\\n").replace(/\t/g, "\\t");
}
