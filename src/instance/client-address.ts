/**
 * The address an instance-API call comes from, as network rules see it (spec/kms-instance-api.md §4): the TCP
 * peer, or, when that peer is a trusted proxy (OPENKMS_TRUSTED_PROXIES), the address the proxy chain reports in
 * `X-Forwarded-For`. A forwarded address from anyone else is ignored, so a caller cannot claim another address.
 */
import { isIP } from 'node:net'
import { sourceIpMatcher, sourceIpProblem } from '../domain/source-ip.js'

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is the IPv4 host `10.0.0.1`; zone ids are dropped. */
export function normalizeAddress(address: string): string {
  const plain = address.trim().replace(/^\[(.*)\]$/, '$1').split('%')[0] as string
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(plain)
  return mapped ? (mapped[1] as string) : plain.toLowerCase()
}

/** The caller's address when a trusted proxy reported something that is not an address. */
export const UNKNOWN_CLIENT_ADDRESS = 'unknown'

/**
 * Builds the resolver once per server from the trusted proxy list (addresses or CIDR blocks). Resolution walks
 * `X-Forwarded-For` from the right (the entry the nearest proxy appended) past every trusted proxy, as
 * RFC 7239 §7.4 recommends; the first untrusted hop is the caller. An entry met on the walk that is not a plain IP
 * address (`unknown`, `10.9.9.9:4443`, a name) makes the caller unknown: an address no network rule matches. Taking
 * the last trusted hop instead would fail open, crediting the request with the proxy's own address, which rules
 * often allow. Ports are not stripped: a proxy that appends them is misconfigured for this header.
 */
export function clientAddressResolver(trustedProxies: readonly string[]): (peer: string, forwardedFor: string | undefined) => string {
  const invalid = trustedProxies.filter((p) => sourceIpProblem(p) !== undefined)
  if (invalid.length > 0) throw new Error(`OPENKMS_TRUSTED_PROXIES: not an IP address or CIDR block: ${invalid.join(', ')}`)
  const trusted = sourceIpMatcher(trustedProxies)
  return (peer, forwardedFor) => {
    let caller = normalizeAddress(peer)
    if (trustedProxies.length === 0 || !forwardedFor || !trusted(caller)) return caller
    const hops = forwardedFor.split(',').map(normalizeAddress).reverse()
    for (const hop of hops) {
      if (isIP(hop) === 0) return UNKNOWN_CLIENT_ADDRESS
      caller = hop
      if (!trusted(hop)) return hop
    }
    return caller
  }
}
