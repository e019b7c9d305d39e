/**
 * Response shapes of the application-access actions (spec kms-openapi §6.10 and the SDK models), quirks included:
 * list-valued fields are compact JSON *strings* (`SourcePrivateIp`, `Policies`, CreatePolicy's `Permissions` and
 * `Resources`) except in DescribePolicy, whose `Permissions`/`Resources` are arrays. Compact means no spaces:
 * Alibaba's Terraform provider splits these strings on `","`.
 */
import type { AapRecord, AccessPolicyRecord, ClientKeyRecord, NetworkRuleRecord } from '../../store/repos/access.js'
import { arn, type ArnScope } from '../../domain/arn.js'
import { formatUtc } from '../../domain/time.js'

const jsonList = (values: readonly string[]) => JSON.stringify(values)

/** CreateNetworkRule. */
export function networkRuleCreated(r: NetworkRuleRecord, scope: ArnScope) {
  return { Arn: arn.networkRule(scope, r.name), Name: r.name, Type: r.type, SourcePrivateIp: jsonList(r.sourcePrivateIps), Description: r.description }
}

/** DescribeNetworkRule (the SDK model has no Name). */
export function networkRuleDescribed(r: NetworkRuleRecord, scope: ArnScope) {
  return { Arn: arn.networkRule(scope, r.name), Type: r.type, SourcePrivateIp: jsonList(r.sourcePrivateIps), Description: r.description }
}

/** AccessControlRules as the caller sent it, or the canonical form when it was not given. */
function accessControlRules(p: AccessPolicyRecord): string {
  return p.accessControlRulesText || JSON.stringify({ NetworkRules: p.networkRules })
}

/** CreatePolicy: Permissions and Resources as JSON strings. */
export function policyCreated(p: AccessPolicyRecord, scope: ArnScope) {
  return {
    Arn: arn.policy(scope, p.name),
    Name: p.name,
    Permissions: jsonList(p.permissions),
    Resources: jsonList(p.resources),
    KmsInstance: p.kmsInstance,
    AccessControlRules: accessControlRules(p),
    Description: p.description,
  }
}

/** DescribePolicy: Permissions and Resources as arrays. */
export function policyDescribed(p: AccessPolicyRecord, scope: ArnScope) {
  return { ...policyCreated(p, scope), Permissions: [...p.permissions], Resources: [...p.resources] }
}

/** CreateApplicationAccessPoint and DescribeApplicationAccessPoint. */
export function aapView(a: AapRecord, scope: ArnScope) {
  return {
    Arn: arn.aap(scope, a.name),
    Name: a.name,
    AuthenticationMethod: a.authenticationMethod,
    Policies: jsonList(a.policies),
    Description: a.description,
  }
}

/** GetClientKey and each entry of ListClientKeys. */
export function clientKeyView(k: ClientKeyRecord) {
  return {
    ClientKeyId: k.clientKeyId,
    AapName: k.aapName,
    KeyAlgorithm: k.keyAlgorithm,
    KeyOrigin: k.keyOrigin,
    NotBefore: formatUtc(k.notBefore),
    NotAfter: formatUtc(k.notAfter),
    CreateTime: formatUtc(k.createdAt),
    PublicKeyData: k.certificatePem,
  }
}
