/**
 * Exits once stdout and stderr are flushed. `process.exit` right after a large write to a pipe
 * cuts the output short (a 200 kB inventory arrived truncated); a write's callback runs only
 * after everything written before it has been handed to the pipe.
 */
export function exitWhenFlushed(code: number): void {
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
