/**
 * `policy`'s input: read with a byte limit and checked against the inventory's shape before any
 * policy runs. A malformed inventory is a usage error (exit 2) naming what is wrong.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { InventoryError, parseInventory, readBounded, readInput } from "../../../tools/lib/inventoryInput";
import { UsageError } from "../../../tools/lib/userError";

describe("policy input: bounded and checked before any policy runs", () => {
    const table: [string, string, string][] = [
        [
            "a null resource",
            '{"resources":[null]}',
            "stdin: not an inventory from npm run plan -- --json: .resources[0]: Invalid input: expected object, received null",
        ],
        [
            "a number for a resource",
            '{"resources":[1]}',
            "stdin: not an inventory from npm run plan -- --json: .resources[0]: Invalid input: expected object, received number",
        ],
        [
            "dependsOn as a string",
            '{"resources":[{"urn":"u","type":"t","name":"n","dependsOn":"x"}]}',
            "stdin: not an inventory from npm run plan -- --json: .resources[0].dependsOn: Invalid input: expected array, received string",
        ],
        [
            "no resources",
            "{}",
            "stdin: not an inventory from npm run plan -- --json: .resources: Invalid input: expected array, received undefined",
        ],
        [
            "a list",
            "[]",
            "stdin: not an inventory from npm run plan -- --json: (the whole inventory): Invalid input: expected object, received array",
        ],
        [
            "deep nesting",
            `{"resources":[],"outputs":{"a":${"[".repeat(100)}${"]".repeat(100)}}}`,
            "stdin: is nested deeper than 64 levels",
        ],
    ];
    for (const [what, text, message] of table) {
        it(`refuses ${what} as a usage error naming it`, () => {
            assert.throws(
                () => parseInventory(text, "stdin"),
                (e: Error) => e instanceof InventoryError && e instanceof UsageError && e.message === message,
            );
        });
    }

    it("accepts the plan's inventory shape", () => {
        const inv = {
            project: "p",
            stack: "s",
            config: {},
            outputs: {},
            resources: [
                {
                    urn: "u",
                    type: "t",
                    name: "n",
                    parent: "",
                    protect: false,
                    custom: true,
                    dependsOn: [],
                    provider: "",
                    inputs: { a: 1 },
                },
            ],
        };
        assert.deepStrictEqual(parseInventory(JSON.stringify(inv), "f"), inv);
    });

    it("/dev/zero is refused at once, not read forever", async () => {
        const started = Date.now();
        await assert.rejects(
            readInput("/dev/zero"),
            new InventoryError("/dev/zero: is a character device, not a regular file"),
        );
        assert.ok(Date.now() - started < 1000);
    });

    it("an endless stream (stdin) stops at the byte limit", async () => {
        let sent = 0;
        const endless = new Readable({
            read() {
                sent += 65536;
                this.push(Buffer.alloc(65536, 0x20));
            },
        });
        await assert.rejects(
            readBounded(endless, "stdin", 1024 * 1024),
            new InventoryError("stdin: is larger than 1048576 bytes; an inventory is at most a few megabytes"),
        );
        assert.ok(sent <= 2 * 1024 * 1024, `read ${sent} bytes`);
    });

    it("a directory is refused", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inv-"));
        try {
            await assert.rejects(readInput(dir), new InventoryError(`${dir}: is a directory, not a regular file`));
        } finally {
            fs.rmSync(dir, { recursive: true });
        }
    });

    it("each input the pack reads is checked by its type's schema: a type-confused one is refused naming resource and path", () => {
        const urn = "urn:pulumi:s::p::gcp:compute/firewall:Firewall::fw\u001b[2J";
        const inv = (inputs: unknown) =>
            JSON.stringify({ resources: [{ urn, type: "gcp:compute/firewall:Firewall", name: "fw", inputs }] });
        assert.throws(
            () => parseInventory(inv({ sourceRanges: 42 }), "inv.json"),
            new InventoryError(
                "inv.json: .resources[0] (urn:pulumi:s::p::gcp:compute/firewall:Firewall::fw\\x1b[2J): inputs.sourceRanges: not what a gcp:compute/firewall:Firewall has there",
            ),
        );
        assert.throws(
            () => parseInventory(inv({ allows: [null] }), "inv.json"),
            (e: Error) =>
                e instanceof InventoryError &&
                e.message.endsWith("inputs.allows: not what a gcp:compute/firewall:Firewall has there"),
        );
        assert.strictEqual(
            parseInventory(inv({ sourceRanges: ["[unknown]"], allows: "[unknown]" }), "inv.json").resources.length,
            1,
        );
    });
});
