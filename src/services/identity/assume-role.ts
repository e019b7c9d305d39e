/**
 * STS AssumeRole: the role's trust policy must name the caller (directly, or through its account, in which case
 * the caller's own `sts:AssumeRole` permission, checked before dispatch, is what lets it in: RAM's rule), the
 * session lasts 900 s up to the role's MaxSessionDuration, and the optional session policy narrows the role.
 */
import type { Runtime } from '../context.js'
import type { Principal } from '../../domain/principal.js'
import { KmsError } from '../../domain/errors.js'
import { parsePolicyDocument } from '../../domain/policy/document.js'
import { evaluate } from '../../domain/policy/evaluate.js'
import { policySubject } from '../../domain/policy/kms-authorization.js'
import { principalArn, parseRoleArn } from './arns.js'
import { findRole } from './directory.js'
import { newStsAccessKeyId, newStsSecret, sealSessionToken, type StsSession } from './sts-token.js'

export interface AssumeRoleInput {
  roleArn: string
  sessionName: string
  durationSeconds: number
  policy?: string
  externalId?: string
}

export const MIN_SESSION_SECONDS = 900

/** A session policy that does not parse is STS's `InvalidParameter.PolicyGrammar`, with the parser's reason. */
function checkSessionPolicy(text: string): void {
  try {
    parsePolicyDocument(text)
  } catch (e) {
    if (e instanceof KmsError) throw new KmsError('InvalidParameter.PolicyGrammar', `The parameter Policy has not passed grammar check. ${e.message}`)
    throw e
  }
}

/** RAM's rule for session names: 2-64 letters, digits and `. @ - _`. */
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/

export async function assumeRole(rt: Runtime, caller: Principal, input: AssumeRoleInput): Promise<{ session: StsSession; token: string; roleArn: string }> {
  // Alibaba: "Roles may not be assumed by root accounts"; a RAM user or role session assumes roles.
  if (caller.kind === 'root') throw new KmsError('NoPermission', 'You are not authorized to do this action. Roles may not be assumed by root accounts.')
  if (!SESSION_NAME.test(input.sessionName)) throw new KmsError('InvalidParameter.RoleSessionName')
  const ref = parseRoleArn(input.roleArn)
  if (!ref) throw new KmsError('InvalidParameter.RoleArn')
  const role = ref.accountId === rt.config.accountId ? await findRole(rt.store, ref.roleName) : undefined
  if (!role) throw new KmsError('EntityNotExist.Role', `The role does not exist: ${input.roleArn}.`)
  if (input.durationSeconds < MIN_SESSION_SECONDS || input.durationSeconds > role.maxSessionDuration)
    throw new KmsError('InvalidParameter.DurationSeconds', `DurationSeconds must be between ${MIN_SESSION_SECONDS} and ${role.maxSessionDuration} (the role's MaxSessionDuration).`)
  if (input.policy !== undefined) checkSessionPolicy(input.policy)
  const roleArn = principalArn.role(rt.config.accountId, role.roleName)
  const trust = parsePolicyDocument(role.assumeRolePolicyDocument, { kind: 'trust' })
  const conditions: Record<string, string> = input.externalId !== undefined ? { 'sts:ExternalId': input.externalId } : {}
  const decision = evaluate([trust], { action: 'sts:AssumeRole', resource: roleArn, conditions }, { subject: policySubject(caller), accountAllows: true })
  if (decision !== 'allow')
    throw new KmsError('NoPermission', 'You are not authorized to do this action. The role\'s trust policy does not let the caller assume it.')
  const now = rt.clock.now()
  const session: StsSession = {
    accessKeyId: newStsAccessKeyId(),
    accessKeySecret: newStsSecret(),
    accountId: rt.config.accountId,
    roleName: role.roleName,
    roleId: role.roleId,
    sessionName: input.sessionName,
    sourceArn: caller.arn,
    issuedAt: now,
    expiresAt: now + input.durationSeconds * 1000,
    ...(input.policy !== undefined ? { policy: input.policy } : {}),
  }
  return { session, token: sealSessionToken(rt.keyring, session), roleArn }
}
