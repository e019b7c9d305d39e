/**
 * Secret policies (spec/kms-openapi.md §5, CreateSecret/SetSecretPolicy documentation): JSON of at most 32768
 * bytes with `Version: "1"` and a non-empty `Statement` list. Evaluated with RAM policies by src/domain/policy/
 * (docs/identity.md, "Key and secret policies").
 */
import { KmsErrors } from './errors.js'

export const MAX_POLICY_BYTES = 32768
/** The only policy name Alibaba accepts. */
export const DEFAULT_POLICY_NAME = 'default'

const SID = /^[A-Za-z0-9_/+=.@ -]{0,128}$/

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s.length > 0)
}

function checkStatement(s: unknown, i: number, param: string): void {
  const where = `Statement[${i}]`
  if (s === null || typeof s !== 'object' || Array.isArray(s)) throw KmsErrors.invalidParameter(param, `${where} must be an object.`)
  const st = s as Record<string, unknown>
  if (st.Sid !== undefined && (typeof st.Sid !== 'string' || !SID.test(st.Sid)))
    throw KmsErrors.invalidParameter(param, `${where}.Sid must be at most 128 letters, digits, spaces or _ / + = . @ -.`)
  if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw KmsErrors.invalidParameter(param, `${where}.Effect must be Allow or Deny.`)
  const principal = st.Principal as Record<string, unknown> | undefined
  if (principal === null || typeof principal !== 'object' || !isStringList(principal.RAM))
    throw KmsErrors.invalidParameter(param, `${where}.Principal.RAM must be a non-empty list of RAM principals.`)
  if (!isStringList(st.Action) || !st.Action.every((a) => a.startsWith('kms:')))
    throw KmsErrors.invalidParameter(param, `${where}.Action must be a non-empty list of kms:… actions.`)
  if (!isStringList(st.Resource) || !st.Resource.every((r) => r === '*'))
    throw KmsErrors.invalidParameter(param, `${where}.Resource must be ["*"].`)
  if (st.Condition !== undefined && (st.Condition === null || typeof st.Condition !== 'object' || Array.isArray(st.Condition)))
    throw KmsErrors.invalidParameter(param, `${where}.Condition must be an object.`)
}

/** Validates a policy document and returns it unchanged (stored as given, so GetSecretPolicy echoes it). */
export function validateSecretPolicy(text: string, param = 'Policy'): string {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES)
    throw KmsErrors.invalidParameter(param, `It must be at most ${MAX_POLICY_BYTES} bytes.`)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw KmsErrors.invalidParameter(param, 'It must be valid JSON.')
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw KmsErrors.invalidParameter(param, 'It must be a JSON object.')
  const policy = doc as Record<string, unknown>
  if (policy.Version !== '1') throw KmsErrors.invalidParameter(param, 'Version must be "1".')
  if (!Array.isArray(policy.Statement) || policy.Statement.length === 0)
    throw KmsErrors.invalidParameter(param, 'Statement must be a non-empty list.')
  policy.Statement.forEach((s, i) => checkStatement(s, i, param))
  return text
}

/** The policy a secret has until SetSecretPolicy replaces it: everything allowed to the owning account. */
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
