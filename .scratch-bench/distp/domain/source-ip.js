/**
 * Network rules' `SourcePrivateIp` entries (spec kms-openapi §6.10, kms-instance-api §4): IPv4 and IPv6 addresses
 * and CIDR blocks, and the check that an instance-API caller's address falls inside one of them.
 */
import { BlockList, isIP } from 'node:net';
import { KmsErrors } from './errors.js';
/** ROS documents at most 800 addresses or CIDR blocks per network rule. */
export const MAX_SOURCE_IPS = 800;
const PREFIX = /^(0|[1-9]\d{0,2})$/;
/**
 * Checks one entry: an address (`10.0.0.7`, `fd00::1`) or a CIDR block (`10.0.0.0/8`, `fd00::/8`). Host bits
 * below the prefix are allowed (`10.10.10.10/24`, as in Alibaba's own examples) and ignored when matching.
 * Zone ids (`fe80::1%eth0`) and IPv4 with leading zeros (`010.0.0.1`) are refused: their meaning is ambiguous.
 * Returns a reason for the caller's message, or undefined when the entry is valid.
 */
export function sourceIpProblem(entry) {
    const slash = entry.indexOf('/');
    const address = slash < 0 ? entry : entry.slice(0, slash);
    if (address.includes('%'))
        return `"${entry}" has a zone id; give the address without it.`;
    const version = isIP(address);
    if (version === 0)
        return `"${entry}" is not an IPv4 or IPv6 address or CIDR block.`;
    if (slash < 0)
        return undefined;
    const prefix = entry.slice(slash + 1);
    const max = version === 4 ? 32 : 128;
    if (!PREFIX.test(prefix) || Number(prefix) > max)
        return `"${entry}" has a prefix length outside 0-${max}.`;
    return undefined;
}
/**
 * Validates a SourcePrivateIp list for `param` (the wire name): 1 to 800 valid entries without repeats.
 * Throws InvalidParameter naming the parameter and the first offending entry.
 */
export function checkSourceIps(entries, param) {
    if (entries.length === 0)
        throw KmsErrors.invalidParameter(param, 'Give at least one address or CIDR block.');
    if (entries.length > MAX_SOURCE_IPS)
        throw KmsErrors.invalidParameter(param, `At most ${MAX_SOURCE_IPS} entries are allowed.`);
    const seen = new Set();
    for (const entry of entries) {
        const problem = sourceIpProblem(entry);
        if (problem)
            throw KmsErrors.invalidParameter(param, problem);
        if (seen.has(entry))
            throw KmsErrors.invalidParameter(param, `"${entry}" is listed twice.`);
        seen.add(entry);
    }
    return [...entries];
}
/** A matcher over already validated entries; build once per rule set, then test many addresses. */
export function sourceIpMatcher(entries) {
    const list = new BlockList();
    for (const entry of entries) {
        if (sourceIpProblem(entry))
            continue;
        const [address, prefix] = entry.split('/');
        const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
        if (prefix === undefined)
            list.addAddress(address, type);
        else
            list.addSubnet(address, Number(prefix), type);
    }
    return (ip) => {
        const address = ip.split('%')[0];
        const version = isIP(address);
        if (version === 0)
            return false;
        // node's BlockList treats an IPv4-mapped IPv6 address (::ffff:10.0.0.1) and its IPv4 form as the same host.
        return list.check(address, version === 4 ? 'ipv4' : 'ipv6');
    };
}
