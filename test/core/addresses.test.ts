import * as assert from "assert";
import { cidrsOverlap } from "../../core/addresses";

describe("addresses", () => {
    const overlaps: [string, string, boolean][] = [
        ["10.0.0.0/8", "10.64.0.0/14", true],
        ["10.10.0.0/20", "10.10.16.0/20", false],
        ["172.16.0.0/28", "172.16.0.16/28", false],
        ["10.10.0.5/20", "10.10.15.0/24", true],
    ];
    for (const [a, b, expected] of overlaps) {
        it(`cidrsOverlap(${a}, ${b}) is ${expected}`, () => assert.strictEqual(cidrsOverlap(a, b), expected));
    }
});
