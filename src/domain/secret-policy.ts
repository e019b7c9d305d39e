/**
 * Secret policies (spec/kms-openapi.md §5, CreateSecret/SetSecretPolicy documentation): JSON of at most 32768
 * bytes with `Version: "1"` and a non-empty `Statement` list. Evaluated with RAM policies by src/domain/policy/
 * (docs/identity.md, "Key and secret policies").
 */
import { KmsErrors } from './errors.js'
import { MAX_RESOURCE_POLICY_BYTES, parsePolicyDocument } from './policy/document.js'

export const MAX_POLICY_BYTES = MAX_RESOURCE_POLICY_BYTES
/** The only policy name Alibaba accepts. */
export const DEFAULT_POLICY_NAME = 'default'

/**
 * Validates a policy document and returns it unchanged (stored as given, so GetSecretPolicy echoes it). The check
 * is the evaluator's own parse, so every stored policy is one that authorisation can apply.
 */
export function validateSecretPolicy(text: string, param = 'Policy'): string {
  parsePolicyDocument(text, { kind: 'resource', param })
  return text
}

/**
 * The policy a secret has until SetSecretPolicy replaces it: `kms:*` to the owning account, which is the root
 * identity and, for RAM users and roles, a delegation to their RAM policies (docs/identity.md).
 */
export function defaultSecretPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '1',
    Statement: [
      { Sid: 'kms default secret policy', Effect: 'Allow', Principal: { RAM: [`acs:ram::${accountId}:*`] }, Action: ['kms:*'], Resource: ['*'] },
    ],
  })
}

/** PolicyName: only `default` exists; any other name is not found. */
export function requirePolicyName(name: string | undefined): void {
  if (name !== undefined && name !== DEFAULT_POLICY_NAME) throw KmsErrors.resourceNotFound(`policy ${name}`)
}
