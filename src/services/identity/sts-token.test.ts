import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { rootKeyring } from '../keyring.js'
import { KmsError } from '../../domain/errors.js'
import { newStsAccessKeyId, newStsSecret, openSessionToken, sealSessionToken, type StsSession } from './sts-token.js'

const keyring = rootKeyring(randomBytes(32))
const NOW = 1_800_000_000_000
const session = (over: Partial<StsSession> = {}): StsSession => ({
  accessKeyId: newStsAccessKeyId(),
  accessKeySecret: newStsSecret(),
  accountId: '1234567890123456',
  roleName: 'app',
  roleId: '1111222233334444',
  sessionName: 's1',
  sourceArn: 'acs:ram::1234567890123456:user/alice',
  issuedAt: NOW,
  expiresAt: NOW + 900_000,
  ...over,
})
const codeOf = (fn: () => unknown): string => {
  try {
    fn()
  } catch (e) {
    if (e instanceof KmsError) return e.code
    throw e
  }
  return 'opened'
}

test('a sealed token opens with its AccessKey until it expires, and carries every claim', () => {
  const s = session({ policy: '{"Version":"1","Statement":[]}' })
  const token = sealSessionToken(keyring, s)
  assert.match(token, /^CAIS[A-Za-z0-9_-]+$/)
  assert.match(s.accessKeyId, /^STS\.[A-Za-z0-9]{28}$/)
  assert.deepEqual(openSessionToken(keyring, token, s.accessKeyId, NOW), s)
  assert.deepEqual(openSessionToken(keyring, token, s.accessKeyId, s.expiresAt - 1), s)
  assert.equal(codeOf(() => openSessionToken(keyring, token, s.accessKeyId, s.expiresAt)), 'InvalidSecurityToken.Expired')
  assert.equal(codeOf(() => openSessionToken(keyring, token, newStsAccessKeyId(), NOW)), 'InvalidSecurityToken.MismatchWithAccessKey')
  assert.ok(!token.includes(Buffer.from(s.accessKeySecret).toString('base64url').slice(4, 20)), 'the secret is not readable in the token')
})

test('any altered, truncated or foreign token is malformed, never opened and never a crash', () => {
  const s = session()
  const token = sealSessionToken(keyring, s)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  for (let i = 4; i < token.length; i += 3) {
    const replacement = alphabet[(alphabet.indexOf(token[i]!) + 1) % alphabet.length]
    const altered = token.slice(0, i) + replacement + token.slice(i + 1)
    const code = codeOf(() => openSessionToken(keyring, altered, s.accessKeyId, NOW))
    // The last character carries bits base64url drops: changing it may leave the bytes as they were.
    if (i === token.length - 1 && code === 'opened') continue
    assert.equal(code, 'InvalidSecurityToken.Malformed', `character ${i}`)
  }
  const other = rootKeyring(randomBytes(32))
  for (const bad of ['', 'CAIS', token.slice(0, -10), token.slice(4), `${token}==`, 'CAIS' + 'A'.repeat(20_000), sealSessionToken(other, s), 'CAIS\u0000x'])
    assert.equal(codeOf(() => openSessionToken(keyring, bad, s.accessKeyId, NOW)), 'InvalidSecurityToken.Malformed', bad.slice(0, 12))
  // Well sealed but not a session: claims of the wrong shape are refused too.
  const junk = 'CAIS' + keyring.wrap(Buffer.from('{"ak":1}'), 'sts-token:v1').toString('base64url')
  assert.equal(codeOf(() => openSessionToken(keyring, junk, s.accessKeyId, NOW)), 'InvalidSecurityToken.Malformed')
})
