import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { ManualClock } from '../domain/clock.js'
import { isKmsError, type ErrorCode } from '../domain/errors.js'
import { formatUtc, MINUTE } from '../domain/time.js'
import type { NonceClaim, NonceRepo } from '../store/repos/auth.js'
import { authenticate, type AuthDeps, type TransportRequest } from './authenticate.js'
import { NonceGuard } from './nonce-guard.js'
import { v3Hash } from './signature-v3.js'
import { buildParams } from './transport-request.js'

const require = createRequire(import.meta.url)
/** Requests are signed by the official SDK's helpers, so these tests do not grade our code with itself. */
const OpenApiUtil = require('@alicloud/openapi-util').default as {
  getRPCSignature(params: Record<string, string>, method: string, secret: string): string
  getAuthorization(req: unknown, algorithm: string, payload: string, ak: string, secret: string): string
}
const tea = require('@alicloud/tea-typescript') as { Request: new () => Record<string, unknown> }

const NOW = Date.UTC(2024, 0, 1)
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

class MemoryNonces implements NonceRepo {
  private readonly seen = new Set<string>()
  async claim(entries: NonceClaim[]): Promise<boolean[]> {
    return entries.map((e) => {
      const key = `${e.accessKeyId}\0${e.nonce}`
      if (this.seen.has(key)) return false
      this.seen.add(key)
      return true
    })
  }
  async purge(): Promise<number> {
    return 0
  }
}

function deps(): AuthDeps & { clock: ManualClock; lookups: string[] } {
  const clock = new ManualClock(NOW)
  const lookups: string[] = []
  const secrets: Record<string, string> = { testid: 'testsecret', other: 'othersecret' }
  return {
    clock,
    lookups,
    lookupCredential: async (ak, token) => {
      lookups.push(token === undefined ? ak : `${ak}+${token}`)
      if (!Object.hasOwn(secrets, ak)) return undefined
      return { secret: secrets[ak]!, principal: { kind: 'root', accountId: '1', accessKeyId: ak, arn: 'acs:ram::1:root' } }
    },
    nonces: new NonceGuard(new MemoryNonces(), clock, { purgeIntervalMs: 0 }),
  }
}

let nonceSeq = 0
function v1Request(over: Record<string, string | undefined> = {}, opts: { method?: string; secret?: string } = {}): TransportRequest {
  const method = opts.method ?? 'POST'
  const base: Record<string, string | undefined> = {
    AccessKeyId: 'testid',
    Action: 'Encrypt',
    Format: 'JSON',
    KeyId: 'alias/my-key',
    Plaintext: 'aGVsbG8=',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: `nonce-${++nonceSeq}`,
    SignatureVersion: '1.0',
    Timestamp: formatUtc(NOW),
    Version: '2016-01-20',
    ...over,
  }
  const params = Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, string>
  if (!('Signature' in over)) params.Signature = OpenApiUtil.getRPCSignature(params, method, opts.secret ?? 'testsecret')
  const query = Object.entries(params)
  return { method, path: '/', query, headers: { host: 'kms.test' }, body: Buffer.alloc(0), params }
}

interface V3Opts {
  query?: Record<string, string>
  headers?: Record<string, string>
  body?: string
  algorithm?: string
  secret?: string
  accessKeyId?: string
  method?: string
}
function v3Request(o: V3Opts = {}): TransportRequest {
  const algorithm = o.algorithm ?? 'ACS3-HMAC-SHA256'
  const body = Buffer.from(o.body ?? '')
  const query = o.query ?? { KeyId: 'alias/my-key', Plaintext: 'aGVsbG8=' }
  const headers: Record<string, string> = {
    host: '127.0.0.1:18080',
    'x-acs-action': 'Encrypt',
    'x-acs-version': '2016-01-20',
    'x-acs-date': formatUtc(NOW),
    'x-acs-signature-nonce': `v3-nonce-${++nonceSeq}`,
    'x-acs-content-sha256': v3Hash(body, algorithm),
    ...(o.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    ...o.headers,
  }
  const r = new tea.Request()
  Object.assign(r, { method: o.method ?? 'POST', pathname: '/', query, headers })
  headers.authorization = OpenApiUtil.getAuthorization(r, algorithm, headers['x-acs-content-sha256']!, o.accessKeyId ?? 'testid', o.secret ?? 'testsecret')
  headers.accept = 'application/json'
  const q = Object.entries(query)
  return { method: o.method ?? 'POST', path: '/', query: q, headers, body, params: buildParams(q, headers['content-type'], body) }
}

async function rejectsWith(p: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isKmsError(e), `expected a KmsError, got ${String(e)}`)
    assert.equal(e.code, code, e.message)
    if (message) assert.match(e.message, message)
    return true
  })
}

test('V1: the spec §2.3 POST vector authenticates', async () => {
  const d = deps()
  const req = v1Request({ SignatureNonce: '3f2a9c0e5b7d4e1f', Timestamp: '2024-01-01T00:00:00Z' })
  assert.equal(req.params.Signature, 'DSdRne8IOu0vo19jg42I4OFQ4wo=')
  const who = await authenticate(req, d)
  assert.deepEqual([who.accessKeyId, who.signatureVersion, who.principal.kind], ['testid', 'v1', 'root'])
})

test('V1: missing common parameters are reported in order, empty counts as missing', async () => {
  const d = deps()
  const order = ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp', 'SignatureMethod'] as const
  for (let i = 0; i < order.length; i++) {
    const missing = Object.fromEntries(order.slice(i).map((n) => [n, undefined]))
    await rejectsWith(authenticate(v1Request(missing), d), 'MissingParameter', new RegExp(`"${order[i]}"`))
  }
  await rejectsWith(authenticate(v1Request({ SignatureNonce: '' }), d), 'MissingParameter', /"SignatureNonce"/)
  const noVersion = v1Request({ SignatureVersion: undefined })
  assert.equal((await authenticate(noVersion, d)).signatureVersion, 'v1')
})

test('V1: unsupported SignatureMethod / SignatureVersion and over-long nonces are IncompleteSignature', async () => {
  const d = deps()
  await rejectsWith(authenticate(v1Request({ SignatureMethod: 'HMAC-SHA256' }), d), 'IncompleteSignature')
  await rejectsWith(authenticate(v1Request({ SignatureVersion: '2.0' }), d), 'IncompleteSignature')
  await rejectsWith(authenticate(v1Request({ SignatureNonce: 'n'.repeat(129) }), d), 'IncompleteSignature')
  await authenticate(v1Request({ SignatureNonce: 'n'.repeat(128) }), d)
})

test('V1: timestamp format and ±15 min window', async () => {
  const d = deps()
  for (const bad of ['2024-01-01 00:00:00', '2024-01-01T00:00:00.000Z', '2024-02-30T00:00:00Z', '1704067200', '2024-01-01T00:00:00+08:00']) {
    await rejectsWith(authenticate(v1Request({ Timestamp: bad }), d), 'InvalidTimeStamp.Format')
  }
  await rejectsWith(authenticate(v1Request({ Timestamp: formatUtc(NOW - 16 * MINUTE) }), d), 'InvalidTimeStamp.Expired')
  await rejectsWith(authenticate(v1Request({ Timestamp: formatUtc(NOW + 16 * MINUTE) }), d), 'InvalidTimeStamp.Expired')
  await authenticate(v1Request({ Timestamp: formatUtc(NOW - 15 * MINUTE) }), d)
  await authenticate(v1Request({ Timestamp: formatUtc(NOW + 15 * MINUTE) }), d)
  d.clock.advance(16 * MINUTE)
  await rejectsWith(authenticate(v1Request(), d), 'InvalidTimeStamp.Expired')
})

test('V1: AccessKey, signature and nonce failures', async () => {
  const d = deps()
  await rejectsWith(authenticate(v1Request({ AccessKeyId: 'nobody' }), d), 'InvalidAccessKeyId.NotFound')
  await rejectsWith(authenticate(v1Request({ AccessKeyId: 'constructor' }), d), 'InvalidAccessKeyId.NotFound')
  await rejectsWith(authenticate(v1Request({}, { secret: 'wrong' }), d), 'SignatureDoesNotMatch', /server string to sign is:POST&%2F&AccessKeyId%3Dtestid/)
  const tampered = v1Request()
  tampered.params = { ...tampered.params, KeyId: 'alias/other' }
  await rejectsWith(authenticate(tampered, d), 'SignatureDoesNotMatch')
  await rejectsWith(authenticate({ ...v1Request(), method: 'GET' }, d), 'SignatureDoesNotMatch')
  const truncated = v1Request()
  truncated.params = { ...truncated.params, Signature: truncated.params.Signature!.slice(0, -1) }
  await rejectsWith(authenticate(truncated, d), 'SignatureDoesNotMatch')
})

test('V1: a replayed nonce is refused; a forged request does not burn the nonce; nonces are per AccessKey', async () => {
  const d = deps()
  const forged = v1Request({ SignatureNonce: 'shared' }, { secret: 'guess' })
  await rejectsWith(authenticate(forged, d), 'SignatureDoesNotMatch')
  const genuine = v1Request({ SignatureNonce: 'shared' })
  await authenticate(genuine, d)
  await rejectsWith(authenticate(genuine, d), 'SignatureNonceUsed')
  await authenticate(v1Request({ SignatureNonce: 'shared', AccessKeyId: 'other' }, { secret: 'othersecret' }), d)
})

test('the security token (V1 parameter, V3 header) goes to the credential lookup with its AccessKey', async () => {
  const d = deps()
  await authenticate(v1Request({ SecurityToken: 'CAIStoken1' }), d)
  await authenticate(v3Request({ headers: { 'x-acs-security-token': 'CAIStoken3', 'x-acs-accesskey-id': 'testid' } }), d)
  assert.deepEqual(d.lookups, ['testid+CAIStoken1', 'testid+CAIStoken3'])
})

test('V3: the spec §2.4 vector authenticates', async () => {
  const d = deps()
  const headers = {
    host: 'kms.cn-hangzhou.aliyuncs.com',
    'x-acs-action': 'Encrypt',
    'x-acs-version': '2016-01-20',
    'x-acs-date': '2024-01-01T00:00:00Z',
    'x-acs-signature-nonce': '3f2a9c0e5b7d4e1f',
    'x-acs-content-sha256': EMPTY_SHA256,
    authorization:
      'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=e388b839cdd342eba013a8b010dc324be38d51b0180fe2c884f1b56f64bd1a6c',
  }
  const query: Array<[string, string]> = [
    ['KeyId', 'alias/my-key'],
    ['Plaintext', 'aGVsbG8='],
  ]
  const req = { method: 'POST', path: '/', query, headers, body: Buffer.alloc(0), params: buildParams(query, undefined, Buffer.alloc(0)) }
  const who = await authenticate(req, d)
  assert.deepEqual([who.accessKeyId, who.signatureVersion, who.principal.kind], ['testid', 'v3', 'root'])
  await rejectsWith(authenticate(req, d), 'SignatureNonceUsed')
})

test('V3: SDK-signed requests with a form body and with SM3 authenticate', async () => {
  const d = deps()
  assert.equal((await authenticate(v3Request({ body: 'Plaintext=a%20b&X=%E4%B8%AD' }), d)).signatureVersion, 'v3')
  assert.equal((await authenticate(v3Request({ algorithm: 'ACS3-HMAC-SM3', body: 'A=1' }), d)).accessKeyId, 'testid')
  assert.equal((await authenticate(v3Request({ method: 'GET' }), d)).accessKeyId, 'testid')
  const upper = v3Request()
  upper.headers.authorization = (upper.headers.authorization as string).replace(/Signature=([0-9a-f]+)$/, (_, s: string) => `Signature=${s.toUpperCase()}`)
  await authenticate(upper, d)
})

test('V3: missing headers are MissingParameter naming the header', async () => {
  const d = deps()
  for (const name of ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    const req = v3Request()
    delete req.headers[name]
    await rejectsWith(authenticate(req, d), 'MissingParameter', new RegExp(`"${name}"`))
  }
})

test('V3: malformed or incomplete signature data is IncompleteSignature', async () => {
  const d = deps()
  const malformed = v3Request()
  malformed.headers.authorization = 'ACS3-HMAC-SHA256 Credential=testid'
  await rejectsWith(authenticate(malformed, d), 'IncompleteSignature')

  const bodySwap = v3Request({ body: 'A=1' })
  bodySwap.body = Buffer.from('A=2')
  await rejectsWith(authenticate(bodySwap, d), 'IncompleteSignature', /x-acs-content-sha256/)

  const dropped = v3Request({ headers: { 'x-acs-credentials-provider': 'static_ak' } })
  delete dropped.headers['x-acs-credentials-provider']
  await rejectsWith(authenticate(dropped, d), 'IncompleteSignature', /x-acs-credentials-provider/)

  const unsigned = v3Request()
  unsigned.headers['x-acs-action'] = 'Decrypt'
  unsigned.headers.authorization = (unsigned.headers.authorization as string).replace('x-acs-action;', '')
  await rejectsWith(authenticate(unsigned, d), 'IncompleteSignature', /x-acs-action/)

  const unsignedType = v3Request()
  unsignedType.headers['content-type'] = 'application/json'
  await rejectsWith(authenticate(unsignedType, d), 'IncompleteSignature', /content-type/)

  await rejectsWith(authenticate(v3Request({ headers: { 'x-acs-signature-nonce': 'n'.repeat(129) } }), d), 'IncompleteSignature')
  await rejectsWith(authenticate(v3Request({ headers: { 'x-acs-accesskey-id': 'other' } }), d), 'IncompleteSignature')
  await rejectsWith(authenticate(v3Request({ algorithm: 'ACS3-HMAC-SM3', headers: { 'x-acs-content-sha256': EMPTY_SHA256 } }), d), 'IncompleteSignature')

  const other = v1Request()
  const noSignature = { ...other, params: { ...other.params }, headers: { authorization: 'TC3-HMAC-SHA256 Credential=testid/20240101/kms/tc3_request' } }
  delete noSignature.params.Signature
  await rejectsWith(authenticate(noSignature, d), 'IncompleteSignature', /TC3-HMAC-SHA256/)
  const acs4 = { ...noSignature, headers: { authorization: 'ACS4-HMAC-SHA256 Credential=testid/20240101/cn-hangzhou/Kms/aliyun_v4_request' } }
  await rejectsWith(authenticate(acs4, d), 'MissingParameter', /x-acs-date/)
  assert.equal((await authenticate({ ...v1Request(), headers: { authorization: 'Bearer x' } }, d)).signatureVersion, 'v1')
})

test('V3: tampering after signing is SignatureDoesNotMatch', async () => {
  const d = deps()
  const header = v3Request()
  header.headers['x-acs-action'] = 'Decrypt'
  await rejectsWith(authenticate(header, d), 'SignatureDoesNotMatch')

  const query = v3Request()
  query.query = [['KeyId', 'alias/other'], query.query[1]!]
  await rejectsWith(authenticate(query, d), 'SignatureDoesNotMatch')

  const body = v3Request({ body: 'A=1' })
  body.body = Buffer.from('A=2')
  body.headers['x-acs-content-sha256'] = v3Hash(body.body)
  await rejectsWith(authenticate(body, d), 'SignatureDoesNotMatch')

  await rejectsWith(authenticate({ ...v3Request(), path: '/other' }, d), 'SignatureDoesNotMatch')
  await rejectsWith(authenticate(v3Request({ secret: 'wrong' }), d), 'SignatureDoesNotMatch')
  await rejectsWith(authenticate(v3Request({ accessKeyId: 'nobody' }), d), 'InvalidAccessKeyId.NotFound')
})

test('V3: date checks and replay', async () => {
  const d = deps()
  await rejectsWith(authenticate(v3Request({ headers: { 'x-acs-date': 'Mon, 01 Jan 2024 00:00:00 GMT' } }), d), 'InvalidTimeStamp.Format')
  await rejectsWith(authenticate(v3Request({ headers: { 'x-acs-date': formatUtc(NOW + 20 * MINUTE) } }), d), 'InvalidTimeStamp.Expired')
  const forged = v3Request({ headers: { 'x-acs-signature-nonce': 'same' }, secret: 'guess' })
  await rejectsWith(authenticate(forged, d), 'SignatureDoesNotMatch')
  const req = v3Request({ headers: { 'x-acs-signature-nonce': 'same' } })
  await authenticate(req, d)
  await rejectsWith(authenticate(req, d), 'SignatureNonceUsed')
})
