/**
 * The address an instance-API call comes from, as network rules see it (spec/kms-instance-api.md §4): the TCP
 * peer, or, when that peer is a trusted proxy (OPENKMS_TRUSTED_PROXIES), the address the proxy chain reports in
 * `X-Forwarded-For`. A forwarded address from anyone else is ignored, so a caller cannot claim another address.
 */
import { isIP } from 'node:net';
import { sourceIpMatcher, sourceIpProblem } from '../domain/source-ip.js';
/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is the IPv4 host `10.0.0.1`; zone ids are dropped. */
export function normalizeAddress(address) {
    const plain = address.trim().replace(/^\[(.*)\]$/, '$1').split('%')[0];
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(plain);
    return mapped ? mapped[1] : plain.toLowerCase();
}
/**
 * Builds the resolver once per server from the trusted proxy list (addresses or CIDR blocks). Resolution walks
 * `X-Forwarded-For` from the right (the entry the nearest proxy appended) past every trusted proxy, as
 * RFC 7239 §7.4 recommends; the first untrusted hop is the caller. Entries that are not IP addresses end the walk
 * at the last trusted hop, so garbage never becomes an address a network rule could match.
 */
export function clientAddressResolver(trustedProxies) {
    const invalid = trustedProxies.filter((p) => sourceIpProblem(p) !== undefined);
    if (invalid.length > 0)
        throw new Error(`OPENKMS_TRUSTED_PROXIES: not an IP address or CIDR block: ${invalid.join(', ')}`);
    const trusted = sourceIpMatcher(trustedProxies);
    return (peer, forwardedFor) => {
        let caller = normalizeAddress(peer);
        if (trustedProxies.length === 0 || !forwardedFor || !trusted(caller))
            return caller;
        const hops = forwardedFor.split(',').map(normalizeAddress).reverse();
        for (const hop of hops) {
            if (isIP(hop) === 0)
                return caller;
            caller = hop;
            if (!trusted(hop))
                return hop;
        }
        return caller;
    };
}
