/**
 * Who signs with an AccessKey: the account itself (root keys, no owner), a RAM user, or an STS session
 * (`STS.` id plus SecurityToken). The signature check needs the secret; authorisation needs the principal.
 * Permanent keys are cached unwrapped and dropped when any process announces a change to that AccessKey
 * (disable, delete), so revocation holds on the next request everywhere; STS tokens are opened per request
 * (one AES-GCM decryption).
 */
import type { Runtime } from '../context.js'
import type { Principal } from '../../domain/principal.js'
import { wrapContext } from '../keyring.js'
import { KmsErrors } from '../../domain/errors.js'
import { NoticeCache } from '../notice-cache.js'
import { openSessionToken, type StsSession } from './sts-token.js'
import { principalArn } from './arns.js'

export interface Credential {
  secret: string
  principal: Principal
  /** For STS sessions: the claims of the token (role, session policy, expiry). */
  session?: StsSession
}

export type CredentialLookup = (accessKeyId: string, securityToken: string | undefined) => Promise<Credential | undefined>

export function credentialLookup(rt: Runtime): CredentialLookup {
  // Unknown ids are not cached (random ids must not grow memory or evict real entries), nor is a read that a
  // change notice overtook (services/notice-cache.ts).
  const cache = new NoticeCache<string, Credential>(rt.store, { topics: ['accessKey'], capacity: 10_000 })
  const accountId = rt.config.accountId

  const load = async (accessKeyId: string): Promise<Credential | undefined> => {
    const rec = await rt.store.accessKeys.get(accessKeyId)
    if (!rec) return undefined
    if (rec.status !== 'Active') throw KmsErrors.accessKeyInactive()
    const secret = rt.keyring.unwrap(rec.wrappedSecret, wrapContext.accessKey(accessKeyId)).toString('utf8')
    let principal: Principal
    if (rec.userName === undefined) {
      principal = { kind: 'root', accountId, accessKeyId, arn: principalArn.root(accountId) }
    } else {
      const user = await rt.store.identity.users.get(rec.userName)
      if (!user) return undefined // the owner is gone: the key names no one
      principal = { kind: 'user', accountId, accessKeyId, arn: principalArn.user(accountId, user.userName), userName: user.userName, userId: user.userId }
    }
    return { secret, principal }
  }
  const permanent = (accessKeyId: string) => cache.getOrLoad(accessKeyId, () => load(accessKeyId))

  return async (accessKeyId, securityToken) => {
    if (securityToken === undefined) {
      // A temporary AccessKey signs only together with its token (STS's code for the omission).
      if (accessKeyId.startsWith('STS.')) throw KmsErrors.of('MissingSecurityToken')
      return permanent(accessKeyId)
    }
    if (!accessKeyId.startsWith('STS.')) throw KmsErrors.of('InvalidSecurityToken.MismatchWithAccessKey')
    const session = openSessionToken(rt.keyring, securityToken, accessKeyId, rt.clock.now())
    if (session.accountId !== accountId) throw KmsErrors.of('InvalidSecurityToken.MismatchWithAccessKey')
    const principal: Principal = {
      kind: 'assumed-role',
      accountId,
      accessKeyId,
      arn: principalArn.assumedRole(accountId, session.roleName, session.sessionName),
      roleName: session.roleName,
      roleId: session.roleId,
      sessionName: session.sessionName,
    }
    return { secret: session.accessKeySecret, principal, session }
  }
}
