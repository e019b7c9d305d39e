/**
 * Application access policies (spec kms-openapi §6.10, kms-instance-api §4): the permission templates, the
 * resource patterns, and the decision whether a client key may make one instance-API call. Pure: the caller
 * loads the client key, its AAP's policies and their network rules, and passes them in.
 */
import { KmsErrors } from './errors.js';
import { sourceIpMatcher } from './source-ip.js';
import { checkNameList } from './access-names.js';
export const PERMISSION_PREFIX = 'RbacPermission/Template/';
/** KeyUser: cryptographic operations on keys; SecretUser: reading secrets (GetSecretValue). */
export const PERMISSIONS = ['CryptoServiceKeyUser', 'CryptoServiceSecretUser'];
export const PERMISSION_TEMPLATES = PERMISSIONS.map((p) => `${PERMISSION_PREFIX}${p}`);
/** "You can bind up to three permission policies to each AAP" (CreateApplicationAccessPoint reference). */
export const MAX_AAP_POLICIES = 3;
/** At most this many resource patterns per policy (openkms' bound; Alibaba documents none). */
export const MAX_RESOURCES = 100;
const MAX_RESOURCE_LENGTH = 256;
/** Checks a Permissions list: 1 or 2 distinct templates. Throws InvalidParameter naming `param`. */
export function checkPermissions(values, param) {
    if (values.length === 0)
        throw KmsErrors.invalidParameter(param, 'Give at least one permission template.');
    const seen = new Set();
    for (const v of values) {
        if (!PERMISSION_TEMPLATES.includes(v))
            throw KmsErrors.invalidParameter(param, `"${v}" is not a permission template. Valid values: ${PERMISSION_TEMPLATES.join(', ')}.`);
        if (seen.has(v))
            throw KmsErrors.invalidParameter(param, `"${v}" is listed twice.`);
        seen.add(v);
    }
    return [...values];
}
/**
 * Why a resource pattern is invalid, or undefined: `key/<id>`, `secret/<name>`, where `*` may appear only
 * as the last character (`key/*`, `secret/app-*`), never inside (`secret/*x`).
 */
export function resourcePatternProblem(pattern) {
    const m = /^(key|secret)\/(.+)$/s.exec(pattern);
    if (!m)
        return `"${pattern}" must be key/<KeyId>, key/*, secret/<SecretName> or secret/* (a * only at the end).`;
    if (pattern.length > MAX_RESOURCE_LENGTH)
        return `"${pattern.slice(0, 32)}…" is longer than ${MAX_RESOURCE_LENGTH} characters.`;
    if (pattern.slice(0, -1).includes('*'))
        return `"${pattern}" has a * that is not at the end; * is only allowed as a suffix.`;
    if (/[\s\u0000-\u001f\u007f]/.test(pattern))
        return `"${pattern}" contains whitespace or control characters.`;
    return undefined;
}
/** Checks a Resources list: 1 to 100 distinct valid patterns. Throws InvalidParameter naming `param`. */
export function checkResources(values, param) {
    if (values.length === 0)
        throw KmsErrors.invalidParameter(param, 'Give at least one resource.');
    if (values.length > MAX_RESOURCES)
        throw KmsErrors.invalidParameter(param, `At most ${MAX_RESOURCES} resources are allowed.`);
    const seen = new Set();
    for (const v of values) {
        const problem = resourcePatternProblem(v);
        if (problem)
            throw KmsErrors.invalidParameter(param, problem);
        if (seen.has(v))
            throw KmsErrors.invalidParameter(param, `"${v}" is listed twice.`);
        seen.add(v);
    }
    return [...values];
}
/** Whether a pattern covers a resource: exact, or a prefix match when the pattern ends with `*`. Case-sensitive. */
export function resourceMatches(pattern, resource) {
    if (pattern.endsWith('*'))
        return resource.startsWith(pattern.slice(0, -1));
    return pattern === resource;
}
/**
 * Does one policy grant the request? It must be scoped to this instance, list the permission's template, have a
 * resource pattern covering one of the request's resource names and, when it names network rules, contain the
 * source address in one of them. Policies are unions: one granting policy suffices.
 */
export function policyGrants(policy, req) {
    if (policy.kmsInstance !== req.instanceId)
        return false;
    if (!policy.permissions.includes(`${PERMISSION_PREFIX}${req.permission}`))
        return false;
    if (!policy.resources.some((pattern) => req.resources.some((r) => resourceMatches(pattern, r))))
        return false;
    if (policy.networkRules.length === 0)
        return true;
    return addressMatcherOf(policy)(req.sourceIp);
}
/**
 * Address matchers built once per policy object: the instance API keeps loaded policies in a cache and asks about
 * them on every request, and a rule may hold 800 blocks. Policies are treated as immutable.
 */
const addressMatchers = new WeakMap();
function addressMatcherOf(policy) {
    let matcher = addressMatchers.get(policy);
    if (!matcher) {
        matcher = sourceIpMatcher(policy.networkRules.flatMap((r) => r.sourcePrivateIps));
        addressMatchers.set(policy, matcher);
    }
    return matcher;
}
/** The whole decision for one instance-API call, with a reason for logs when it is refused. */
export function decideAccess(req) {
    if (req.resources.length === 0)
        return { allowed: false, reason: 'the call names no resource' };
    if (req.now < req.clientKey.notBefore)
        return { allowed: false, reason: 'the client key is not valid yet' };
    if (req.now > req.clientKey.notAfter)
        return { allowed: false, reason: 'the client key has expired' };
    const granting = req.policies.find((p) => policyGrants(p, req));
    if (granting)
        return { allowed: true, policy: granting.name };
    const what = `${req.permission} on ${req.resources.join(' / ')} from ${req.sourceIp}`;
    return { allowed: false, reason: `no policy of the client key's application access point grants ${what}` };
}
/** At most this many network rules per policy (openkms' bound; Alibaba documents none). */
export const MAX_POLICY_NETWORK_RULES = 10;
/**
 * Reads AccessControlRules, `{"NetworkRules":["rule", …]}` (the only documented member; `{}` means none), and
 * returns the rule names. Throws InvalidParameter naming `param` for anything else.
 */
export function parseAccessControlRules(text, param) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw KmsErrors.invalidParameter(param, 'It must be JSON: {"NetworkRules":["<network rule name>", …]}.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw KmsErrors.invalidParameter(param, 'It must be a JSON object: {"NetworkRules":["<network rule name>", …]}.');
    const unknown = Object.keys(parsed).find((k) => k !== 'NetworkRules');
    if (unknown !== undefined)
        throw KmsErrors.invalidParameter(param, `Unknown member "${unknown}"; only NetworkRules is supported.`);
    const rules = parsed.NetworkRules ?? [];
    if (!Array.isArray(rules) || rules.some((r) => typeof r !== 'string'))
        throw KmsErrors.invalidParameter(param, 'NetworkRules must be an array of network rule names.');
    return checkNameList(rules, param, { min: 0, max: MAX_POLICY_NETWORK_RULES });
}
