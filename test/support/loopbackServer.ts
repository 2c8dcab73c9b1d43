/** A LoopbackCell in a child process (fork this file): sends `{ port }` once listening. */
import { LoopbackCell } from "./loopback";

const cell = new LoopbackCell();
void cell.start().then(() => process.send?.({ port: cell.port }));
process.on("disconnect", () => void cell.kill().then(() => process.exit(0)));
