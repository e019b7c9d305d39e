/**
 * STS temporary credentials, verified without a lookup. The SecurityToken carries every claim of the session
 * (AccessKey id and secret, role, session name, expiry, session policy), sealed with the root key
 * (AES-256-GCM under the `sts-token` context): any node with the same root key verifies it, across restarts,
 * and no byte of it can be changed unnoticed. The secret travels only inside the sealed token, and the token
 * only to the caller of AssumeRole. Consequence (docs/identity.md): a token lives until it expires; revoking
 * the role's policies or deleting the role still takes effect at once, since authorisation reads them live.
 */
import { randomBytes } from 'node:crypto'
import type { Keyring } from '../keyring.js'
import { KmsError } from '../../domain/errors.js'

/** What a SecurityToken asserts. Times are epoch ms. */
export interface StsSession {
  accessKeyId: string
  accessKeySecret: string
  accountId: string
  roleName: string
  roleId: string
  sessionName: string
  /** The ARN of the principal that called AssumeRole. */
  sourceArn: string
  issuedAt: number
  expiresAt: number
  /** The session policy (AssumeRole `Policy`), as given. */
  policy?: string
}

/** Alibaba's tokens start with `CAIS`; ours keep the prefix so tools that sniff it are not surprised. */
const PREFIX = 'CAIS'
const CONTEXT = 'sts-token:v1'
/** Alibaba's temporary AccessKey ids: `STS.` + alphanumerics. */
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function newStsAccessKeyId(): string {
  const bytes = randomBytes(28)
  let id = 'STS.'
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length]
  return id
}

export function newStsSecret(): string {
  return randomBytes(33).toString('base64url')
}

export function sealSessionToken(keyring: Keyring, session: StsSession): string {
  const claims = {
    ak: session.accessKeyId, sk: session.accessKeySecret, acct: session.accountId, role: session.roleName, rid: session.roleId,
    sess: session.sessionName, src: session.sourceArn, iat: session.issuedAt, exp: session.expiresAt, pol: session.policy,
  }
  return PREFIX + keyring.wrap(Buffer.from(JSON.stringify(claims), 'utf8'), CONTEXT).toString('base64url')
}

/**
 * Opens a token presented with `accessKeyId` at `now`. Order of checks: malformed (not ours, or altered) →
 * another AccessKey's token → expired.
 */
export function openSessionToken(keyring: Keyring, token: string, accessKeyId: string, now: number): StsSession {
  const c = unseal(keyring, token)
  if (c.ak !== accessKeyId) throw new KmsError('InvalidSecurityToken.MismatchWithAccessKey')
  if (now >= c.exp) throw new KmsError('InvalidSecurityToken.Expired')
  return {
    accessKeyId: c.ak, accessKeySecret: c.sk, accountId: c.acct, roleName: c.role, roleId: c.rid, sessionName: c.sess,
    sourceArn: c.src, issuedAt: c.iat, expiresAt: c.exp, ...(c.pol !== undefined ? { policy: c.pol } : {}),
  }
}

interface Claims {
  ak: string; sk: string; acct: string; role: string; rid: string; sess: string; src: string; iat: number; exp: number; pol?: string
}

const MAX_TOKEN_LENGTH = 16_384

function unseal(keyring: Keyring, token: string): Claims {
  const malformed = () => new KmsError('InvalidSecurityToken.Malformed')
  if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(PREFIX) || !/^[A-Za-z0-9_-]+$/.test(token.slice(PREFIX.length))) throw malformed()
  let c: Partial<Claims>
  try {
    c = JSON.parse(keyring.unwrap(Buffer.from(token.slice(PREFIX.length), 'base64url'), CONTEXT).toString('utf8')) as Partial<Claims>
  } catch {
    throw malformed()
  }
  const strings = [c.ak, c.sk, c.acct, c.role, c.rid, c.sess, c.src]
  if (strings.some((v) => typeof v !== 'string') || typeof c.iat !== 'number' || typeof c.exp !== 'number') throw malformed()
  if (c.pol !== undefined && typeof c.pol !== 'string') throw malformed()
  return c as Claims
}
