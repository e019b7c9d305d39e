/** The caller as Principal elements of key, secret and trust policies name it. */
import type { Principal } from '../../domain/principal.js'
import type { PolicySubject } from '../../domain/policy/document.js'
import { principalArn } from './arns.js'

export function callerSubject(p: Principal): PolicySubject {
  const names = [p.arn]
  if (p.kind === 'assumed-role' && p.roleName) names.push(principalArn.role(p.accountId, p.roleName))
  return { accountId: p.accountId, isRoot: p.kind === 'root', names }
}
