/**
 * A stand-in for a remediation in its own process, for the lock tests: `<file> <rounds>` takes the
 * file's lock, reads it, increments the counter in it (`n: <count>`), writes it back through the
 * checked atomic write and releases the lock, `rounds` times. A lost edit shows as a final count
 * below the sum of every process's rounds.
 */
import { acquireLock, readStackText, writeStackTextAtomic } from "../../tools/lib/stackFile";

async function main(file: string, rounds: number): Promise<void> {
    for (let i = 0; i < rounds; i++) {
        const release = await acquireLock(file, "increment", { waitMs: 60_000, pollMs: 5 });
        try {
            const read = readStackText(file);
            const n = Number(/^n: (\d+)$/m.exec(read.text)?.[1] ?? "NaN");
            // A yield between the read and the write, as a remediation's plan makes.
            await new Promise((r) => setTimeout(r, Math.random() * 5));
            writeStackTextAtomic(read, `n: ${n + 1}\n`);
        } finally {
            release();
        }
    }
}

main(process.argv[2] ?? "", Number(process.argv[3] ?? "1")).then(
    () => process.exit(0),
    (e: Error) => {
        process.stderr.write(`${e.message}\n`);
        process.exit(1);
    },
);
