/**
 * The official Alibaba SDKs are the oracle for request authentication: each SDK signs real requests
 * against a capture server on 127.0.0.1, and every captured request must pass `authenticate()`; then each
 * is tampered with in one way and must fail with the exact Alibaba error code.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { ManualClock } from '../../src/domain/clock.js'
import { isKmsError, type ErrorCode } from '../../src/domain/errors.js'
import { formatUtc, MINUTE } from '../../src/domain/time.js'
import type { NonceClaim, NonceRepo } from '../../src/store/repos/auth.js'
import { authenticate, type AuthDeps, type TransportRequest } from '../../src/protocol/authenticate.js'
import { NonceGuard } from '../../src/protocol/nonce-guard.js'
import { v3Hash } from '../../src/protocol/signature-v3.js'
import { transportRequestFrom } from '../../src/protocol/transport-request.js'

const require = createRequire(import.meta.url)
const KmsSdk = require('@alicloud/kms20160120')
const OpenApi = require('@alicloud/openapi-client')
const OpenApiUtil = require('@alicloud/openapi-util').default
const TeaUtil = require('@alicloud/tea-util')
const PopCore = require('@alicloud/pop-core')

const AK = 'LTAI5tOpenKmsTest0001'
const SECRET = 'openkms-test-secret-0001'
/** Every character class that percent-encoding and query building treat differently. */
const TRICKY = `中文 ünï 😀 *'(!~/=&+%#? {"a":"b c","z":[1,2]} tab\tend`

interface Captured {
  label: string
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

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

function deps(secrets: Record<string, string> = { [AK]: SECRET }): AuthDeps & { clock: ManualClock } {
  const clock = new ManualClock(Date.now())
  return {
    clock,
    lookupCredential: async (ak) =>
      Object.hasOwn(secrets, ak)
        ? { secret: secrets[ak]!, principal: { kind: 'root' as const, accountId: '1', accessKeyId: ak, arn: 'acs:ram::1:root' } }
        : undefined,
    nonces: new NonceGuard(new MemoryNonces(), clock, { purgeIntervalMs: 0 }),
  }
}

/** What the HTTP server will do: node request → TransportRequest (query and form body decoded and merged). */
function toTransport(c: Captured): TransportRequest {
  return transportRequestFrom({ method: c.method, url: c.url, headers: { ...c.headers } }, c.body)
}

/** Replaces the raw (still encoded) value of `name` in `a=b&c=d` text. */
function replaceRaw(text: string, name: string, rawValue: string): string {
  let hit = false
  const out = text
    .split('&')
    .map((part) => {
      if (part.split('=')[0] !== name) return part
      hit = true
      return `${name}=${rawValue}`
    })
    .join('&')
  assert.ok(hit, `no ${name} in ${text}`)
  return out
}

/** Applies `edit` to whichever part carries `name` (query string or form body). */
function withParam(c: Captured, name: string, rawValue: string): Captured {
  const q = c.url.indexOf('?')
  const query = q < 0 ? '' : c.url.slice(q + 1)
  if (query.split('&').some((p) => p.split('=')[0] === name)) {
    return { ...c, url: `/?${replaceRaw(query, name, rawValue)}` }
  }
  return { ...c, body: Buffer.from(replaceRaw(c.body.toString(), name, rawValue)) }
}

/**
 * A signed business parameter of the capture: V3 signs the query (the body only through its hash), V1 the
 * merged parameters, where a form body's value wins over the query's.
 */
function businessParam(c: Captured): string {
  if (c.label.includes('V1 form body')) return 'Plaintext'
  return c.label.includes('CreateKey') ? 'Description' : 'KeyId'
}

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isKmsError(e), `expected a KmsError, got ${String(e)}`)
    assert.equal(e.code, code, e.message)
    return true
  })
}

async function captureAll(): Promise<Captured[]> {
  const captured: Captured[] = []
  let label = ''
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      captured.push({ label, method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) })
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' })
      res.end('{"RequestId":"x"}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  const run = async (name: string, call: () => Promise<unknown>) => {
    label = name
    await call()
    assert.equal(captured.at(-1)?.label, name, `${name} sent nothing`)
  }
  try {
    const kms = new KmsSdk.default({ endpoint: host, protocol: 'http', accessKeyId: AK, accessKeySecret: SECRET, type: 'access_key' })
    await run('kms-1.2.0 Encrypt', () =>
      kms.encrypt(new KmsSdk.EncryptRequest({ keyId: 'alias/my key', plaintext: 'aGVsbG8=', encryptionContext: { 'k 1': TRICKY, u: '中' } })),
    )
    await run('kms-1.2.0 TagResource', () =>
      kms.tagResource(new KmsSdk.TagResourceRequest({ keyId: 'key-1', tags: JSON.stringify([{ TagKey: 'k', TagValue: TRICKY }]) })),
    )
    await run('kms-1.2.0 CreateKey', () => kms.createKey(new KmsSdk.CreateKeyRequest({ description: TRICKY, keySpec: 'Aliyun_AES_256' })))

    const callApi = (extra: Record<string, string>, method: string, query: Record<string, unknown>, body?: Record<string, unknown>) => {
      const client = new OpenApi.default(new OpenApi.Config({ endpoint: host, protocol: 'http', accessKeyId: AK, accessKeySecret: SECRET, ...extra }))
      const params = new OpenApi.Params({
        action: 'Encrypt',
        version: '2016-01-20',
        protocol: 'HTTP',
        pathname: '/',
        method,
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      })
      const request = new OpenApi.OpenApiRequest({ query: OpenApiUtil.query(query), ...(body ? { body } : {}) })
      return client.callApi(params, request, new TeaUtil.RuntimeOptions({}))
    }
    const query = { KeyId: 'alias/my key', Plaintext: 'aGVsbG8=', EncryptionContext: TRICKY, Tag: [{ Key: 'k*', Value: TRICKY }] }
    await run('openapi V3 query', () => callApi({}, 'POST', query))
    await run('openapi V3 form body', () => callApi({}, 'POST', { KeyId: 'k' }, { Plaintext: TRICKY, 'Tag.1.Key': "(!'~)" }))
    await run('openapi V3 GET', () => callApi({}, 'GET', query))
    await run('openapi V3 SM3', () => callApi({ signatureAlgorithm: 'ACS3-HMAC-SM3' }, 'POST', query, { Plaintext: TRICKY }))
    await run('openapi V1 query', () => callApi({ signatureAlgorithm: 'v2' }, 'POST', query))
    await run('openapi V1 form body', () => callApi({ signatureAlgorithm: 'v2' }, 'POST', { KeyId: 'in-query' }, { KeyId: 'in-body', Plaintext: TRICKY }))

    const pop = new PopCore({ endpoint: `http://${host}`, apiVersion: '2016-01-20', accessKeyId: AK, accessKeySecret: SECRET })
    const popParams = { KeyId: 'alias/my key', Plaintext: 'aGVsbG8=', EncryptionContext: TRICKY, Tag: [{ Key: 'k', Value: TRICKY }] }
    await run('pop-core GET', () => pop.request('Encrypt', popParams))
    await run('pop-core POST', () => pop.request('Encrypt', popParams, { method: 'POST' }))
  } finally {
    await new Promise<void>((r) => server.close(() => r()))
  }
  return captured
}

describe('official SDK requests authenticate, tampered ones fail with the exact code', { timeout: 60_000 }, () => {
  let captured: Captured[] = []
  before(async () => {
    captured = await captureAll()
  })
  after(() => {
    captured = []
  })
  const byLabel = (label: string) => {
    const c = captured.find((x) => x.label === label)
    assert.ok(c, `no capture for ${label}`)
    return c
  }

  it('captured one request per SDK call', () => {
    assert.equal(captured.length, 11)
  })

  it('every captured request authenticates once, with the right signature version, and decodes as sent', async () => {
    for (const c of captured) {
      const d = deps()
      const req = toTransport(c)
      const who = await authenticate(req, d)
      assert.equal(who.accessKeyId, AK, c.label)
      assert.equal(who.signatureVersion, c.label.includes('V3') ? 'v3' : 'v1', c.label)
      await rejectsWith(authenticate(toTransport(c), d), 'SignatureNonceUsed')
    }
    assert.equal(toTransport(byLabel('kms-1.2.0 Encrypt')).params['EncryptionContext.k 1'], TRICKY)
    assert.equal(toTransport(byLabel('kms-1.2.0 CreateKey')).params.Description, TRICKY)
    assert.deepEqual(JSON.parse(toTransport(byLabel('kms-1.2.0 TagResource')).params.Tags!), [{ TagKey: 'k', TagValue: TRICKY }])
    assert.equal(toTransport(byLabel('openapi V3 query')).params['Tag.1.Value'], TRICKY)
    assert.equal(toTransport(byLabel('openapi V3 form body')).params.Plaintext, TRICKY)
    assert.equal(toTransport(byLabel('openapi V1 form body')).params.KeyId, 'in-body')
    const popPost = toTransport(byLabel('pop-core POST'))
    assert.deepEqual(popPost.query, [])
    assert.equal(popPost.params.EncryptionContext, TRICKY)
    assert.equal(popPost.params['Tag.1.Value'], TRICKY)
  })

  it('a changed parameter is SignatureDoesNotMatch', async () => {
    for (const c of captured) {
      const target = businessParam(c)
      await rejectsWith(authenticate(toTransport(withParam(c, target, 'alias%2Fother')), deps()), 'SignatureDoesNotMatch')
    }
  })

  it('a changed signed header is SignatureDoesNotMatch (V3)', async () => {
    for (const c of captured.filter((x) => x.label.includes('V3'))) {
      const forged = { ...c, headers: { ...c.headers, 'x-acs-action': 'Decrypt' } }
      await rejectsWith(authenticate(toTransport(forged), deps()), 'SignatureDoesNotMatch')
    }
  })

  it('a changed body is IncompleteSignature, or SignatureDoesNotMatch when its hash header is forged too (V3)', async () => {
    for (const c of captured.filter((x) => x.label.includes('V3') && x.body.length > 0)) {
      const body = Buffer.from(c.body.toString().replace(/^Plaintext=[^&]*/, 'Plaintext=forged'))
      assert.notDeepEqual(body, c.body)
      await rejectsWith(authenticate(toTransport({ ...c, body }), deps()), 'IncompleteSignature')
      const algorithm = String(c.headers.authorization).split(' ')[0]
      const headers = { ...c.headers, 'x-acs-content-sha256': v3Hash(body, algorithm) }
      await rejectsWith(authenticate(toTransport({ ...c, body, headers }), deps()), 'SignatureDoesNotMatch')
    }
  })

  it('a stale, malformed or altered timestamp is refused', async () => {
    for (const c of captured) {
      const late = deps()
      late.clock.advance(16 * MINUTE)
      await rejectsWith(authenticate(toTransport(c), late), 'InvalidTimeStamp.Expired')
      const malformed = c.label.includes('V3')
        ? { ...c, headers: { ...c.headers, 'x-acs-date': '2024-01-01 00:00:00' } }
        : withParam(c, 'Timestamp', '2024-01-01%2000%3A00%3A00')
      await rejectsWith(authenticate(toTransport(malformed), deps()), 'InvalidTimeStamp.Format')
      const shifted = formatUtc(Date.now() - MINUTE)
      const moved = c.label.includes('V3')
        ? { ...c, headers: { ...c.headers, 'x-acs-date': shifted } }
        : withParam(c, 'Timestamp', encodeURIComponent(shifted))
      await rejectsWith(authenticate(toTransport(moved), deps()), 'SignatureDoesNotMatch')
    }
  })

  it('a wrong secret is SignatureDoesNotMatch and an unknown AccessKey is InvalidAccessKeyId.NotFound', async () => {
    for (const c of captured) {
      await rejectsWith(authenticate(toTransport(c), deps({ [AK]: 'not-the-secret' })), 'SignatureDoesNotMatch')
      await rejectsWith(authenticate(toTransport(c), deps({})), 'InvalidAccessKeyId.NotFound')
    }
  })

  it('a nonce burnt by a forged request is still usable by the genuine one', async () => {
    for (const c of captured) {
      const d = deps()
      const target = businessParam(c)
      await rejectsWith(authenticate(toTransport(withParam(c, target, 'x')), d), 'SignatureDoesNotMatch')
      assert.equal((await authenticate(toTransport(c), d)).accessKeyId, AK)
    }
  })
})
