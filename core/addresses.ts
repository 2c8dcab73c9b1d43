/**
 * IPv4 address arithmetic of the cell's ranges, on ipaddr.js rather than by hand.
 *
 * How much of the public IPv4 internet a set of CIDR ranges opens, on ipaddr.js's table of
 * special-purpose ranges (private, loopback, link-local, CGNAT, documentation, reserved,
 * multicast...). Public means "not in any of them". The ranges are merged first, so the count is
 * the same whatever the split: 0.0.0.0/1 + 128.0.0.0/1 opens as much as 0.0.0.0/0.
 *
 * The config rules and the pack's GKE control-plane rule use the same bound, so a plan the config
 * accepts is one the pack accepts.
 */
import * as ipaddr from "ipaddr.js";

/** At most one /16 of public addresses may reach a GKE control plane (the on-call and CI egress ranges are a few /28s). */
export const maxAuthorizedPublicAddresses = 2 ** 16;

type Interval = [number, number];

function toNumber(a: ipaddr.IPv4): number {
    return a.octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** [first, last + 1) of a CIDR range; undefined when it is not an IPv4 CIDR. */
function intervalOf(cidr: string): Interval | undefined {
    if (!ipaddr.IPv4.isValidCIDR(cidr)) return undefined;
    const [addr, bits] = ipaddr.IPv4.parseCIDR(cidr);
    const size = 2 ** (32 - bits);
    const start = Math.floor(toNumber(addr) / size) * size;
    return [start, start + size];
}

function merge(intervals: Interval[]): Interval[] {
    const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
    const out: Interval[] = [];
    for (const [s, e] of sorted) {
        const last = out[out.length - 1];
        if (last && s <= last[1]) last[1] = Math.max(last[1], e);
        else out.push([s, e]);
    }
    return out;
}

const specialRanges: Interval[] = merge(
    Object.values(
        (ipaddr.IPv4.prototype as unknown as { SpecialRanges: Record<string, [ipaddr.IPv4, number][]> }).SpecialRanges,
    )
        .flat()
        .map(([addr, bits]) => intervalOf(`${addr.toString()}/${bits}`)!),
);

/** Number of public IPv4 addresses the ranges cover together (ranges that are not IPv4 CIDRs count as none). */
export function publicAddressCount(cidrs: readonly string[]): number {
    let total = 0;
    for (const [s, e] of merge(cidrs.map(intervalOf).filter((i): i is Interval => i !== undefined))) {
        let covered = e - s;
        for (const [ss, se] of specialRanges) covered -= Math.max(0, Math.min(e, se) - Math.max(s, ss));
        total += covered;
    }
    return total;
}

/** True when two CIDR ranges share an address: one range's network address lies in the other. */
export function cidrsOverlap(a: string, b: string): boolean {
    const ra = ipaddr.IPv4.parseCIDR(a);
    const rb = ipaddr.IPv4.parseCIDR(b);
    const netA = ipaddr.IPv4.networkAddressFromCIDR(a);
    const netB = ipaddr.IPv4.networkAddressFromCIDR(b);
    return netA.match(rb) || netB.match(ra);
}
