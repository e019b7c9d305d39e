import { arn } from './arn.js';
import { formatUtc } from './time.js';
const jsonList = (values) => JSON.stringify(values);
/** CreateNetworkRule. */
export function networkRuleCreated(r, scope) {
    return { Arn: arn.networkRule(scope, r.name), Name: r.name, Type: r.type, SourcePrivateIp: jsonList(r.sourcePrivateIps), Description: r.description };
}
/** DescribeNetworkRule (the SDK model has no Name). */
export function networkRuleDescribed(r, scope) {
    return { Arn: arn.networkRule(scope, r.name), Type: r.type, SourcePrivateIp: jsonList(r.sourcePrivateIps), Description: r.description };
}
/** AccessControlRules as the caller sent it, or the canonical form when it was not given. */
function accessControlRules(p) {
    return p.accessControlRulesText || JSON.stringify({ NetworkRules: p.networkRules });
}
/** CreatePolicy: Permissions and Resources as JSON strings. */
export function policyCreated(p, scope) {
    return {
        Arn: arn.policy(scope, p.name),
        Name: p.name,
        Permissions: jsonList(p.permissions),
        Resources: jsonList(p.resources),
        KmsInstance: p.kmsInstance,
        AccessControlRules: accessControlRules(p),
        Description: p.description,
    };
}
/** DescribePolicy: Permissions and Resources as arrays. */
export function policyDescribed(p, scope) {
    return { ...policyCreated(p, scope), Permissions: [...p.permissions], Resources: [...p.resources] };
}
/** CreateApplicationAccessPoint and DescribeApplicationAccessPoint. */
export function aapView(a, scope) {
    return {
        Arn: arn.aap(scope, a.name),
        Name: a.name,
        AuthenticationMethod: a.authenticationMethod,
        Policies: jsonList(a.policies),
        Description: a.description,
    };
}
/** GetClientKey and each entry of ListClientKeys. */
export function clientKeyView(k) {
    return {
        ClientKeyId: k.clientKeyId,
        AapName: k.aapName,
        KeyAlgorithm: k.keyAlgorithm,
        KeyOrigin: k.keyOrigin,
        NotBefore: formatUtc(k.notBefore),
        NotAfter: formatUtc(k.notAfter),
        CreateTime: formatUtc(k.createdAt),
        PublicKeyData: k.certificatePem,
    };
}
