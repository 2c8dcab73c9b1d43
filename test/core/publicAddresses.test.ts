/** Public IPv4 addresses a set of ranges opens: merged first, special-purpose ranges not counted. */
import * as assert from "assert";
import { publicAddressCount } from "../../core/addresses";

describe("publicAddressCount", () => {
    const table: [string[], number][] = [
        [["10.0.0.0/8"], 0],
        [["203.0.113.0/28", "198.51.100.16/28"], 0], // documentation ranges (prod-eu's placeholders)
        [["8.8.8.0/24"], 256],
        [["8.8.8.0/24", "8.8.8.0/25", "8.8.8.128/25"], 256], // overlaps counted once
        [["8.8.0.0/16"], 65536],
        [["8.0.0.0/15"], 131072],
        [["0.0.0.0/0"], 3702257664],
        [["0.0.0.0/1", "128.0.0.0/1"], 3702257664], // the same addresses as 0.0.0.0/0, whatever the split
        [["not-a-cidr", "1.2.3.4"], 0],
    ];
    for (const [cidrs, expected] of table) {
        it(`${cidrs.join(" + ")} → ${expected}`, () => assert.strictEqual(publicAddressCount(cidrs), expected));
    }
});
