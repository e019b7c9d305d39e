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
import { EVERY_RESOURCE } from '../../store/store.js'
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
  const cache = new Map<string, Credential>()
  let generation = 0
  rt.store.subscribe((topic, id) => {
    if (topic !== 'accessKey') return
    generation += 1
    if (id === EVERY_RESOURCE) cache.clear()
    else cache.delete(id)
  })
  const accountId = rt.config.accountId

  const permanent = async (accessKeyId: string): Promise<Credential | undefined> => {
    const hit = cache.get(accessKeyId)
    if (hit) return hit
    const seen = generation
    const rec = await rt.store.accessKeys.get(accessKeyId)
    if (!rec) return undefined // unknown ids are not cached: random ids must not grow memory or evict real entries
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
    const credential = { secret, principal }
    // A change announced while this read ran may have made it stale; do not keep it then.
    if (seen === generation) {
      if (cache.size > 10_000) cache.clear()
      cache.set(accessKeyId, credential)
    }
    return credential
  }

  return async (accessKeyId, securityToken) => {
    if (securityToken === undefined) {
      // A temporary id without its token names no credential; a permanent id with a token is refused below.
      if (accessKeyId.startsWith('STS.')) return undefined
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
