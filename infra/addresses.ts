/**
 * IPv4 address arithmetic of the cell's ranges, on ipaddr.js rather than by hand.
 */
import * as ipaddr from "ipaddr.js";

/** The public-address bound of the control plane's authorized networks: one implementation, the pack's. */
export { maxAuthorizedPublicAddresses, publicAddressCount } from "../policies/lib/addresses";

/** True when two CIDR ranges share an address: one range's network address lies in the other. */
export function cidrsOverlap(a: string, b: string): boolean {
    const ra = ipaddr.IPv4.parseCIDR(a);
    const rb = ipaddr.IPv4.parseCIDR(b);
    const netA = ipaddr.IPv4.networkAddressFromCIDR(a);
    const netB = ipaddr.IPv4.networkAddressFromCIDR(b);
    return netA.match(rb) || netB.match(ra);
}
