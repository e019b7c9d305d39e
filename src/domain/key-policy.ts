/**
 * Key policies (GetKeyPolicy / SetKeyPolicy, spec/kms-openapi.md §5 and §6.1): the same document shape as secret
 * policies, `{"Version":"1","Statement":[{Sid?, Effect, Principal:{RAM:[…]}, Action:["kms:…"], Resource:["*"],
 * Condition?}]}`, at most 32768 bytes. Evaluated with RAM policies by src/domain/policy/ (docs/identity.md).
 */
import { validateSecretPolicy } from './secret-policy.js'

export { requirePolicyName, MAX_POLICY_BYTES, DEFAULT_POLICY_NAME } from './secret-policy.js'

/** Validates a key policy document and returns it unchanged, so GetKeyPolicy echoes exactly what was set. */
export function validateKeyPolicy(text: string, param = 'Policy'): string {
  return validateSecretPolicy(text, param)
}

/**
 * The policy a key has until SetKeyPolicy (or CreateKey's Policy) sets one: Alibaba's default key policy, which
 * gives the owning account all kms actions on the key; for RAM users and roles that is a delegation to their RAM
 * policies, not a grant (docs/identity.md, "Key and secret policies").
 */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '1',
    Statement: [
      { Sid: 'kms default key policy', Effect: 'Allow', Principal: { RAM: [`acs:ram::${accountId}:*`] }, Action: ['kms:*'], Resource: ['*'] },
    ],
  })
}
