import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { KmsErrors, isKmsError } from '../../src/domain/errors.js'
import { InstanceApiError, InstanceClient, type InstanceClientConfig } from '../../src/instance-client/index.js'
import { decodeMessage, encodeMessage, INSTANCE_API_NAMES } from '../../src/instance-wire/proto.js'
import { encodeInstanceError, verifyInstanceRequest } from '../../src/instance/verify-request.js'
import { makeClientKey, makeTlsChain } from './fixtures.js'

const PASSWORD = 'Test-pass_123'
const CLIENT_KEY_ID = 'KAAP.5b9c2f1e-0000-4000-8000-000000000001'
const clientKey = makeClientKey()
const tls = makeTlsChain()
const tmp = mkdtempSync(join(tmpdir(), 'openkms-client-'))
const clientKeyJson = JSON.stringify({ KeyId: CLIENT_KEY_ID, PrivateKeyData: clientKey.pkcs12Base64(PASSWORD) })
writeFileSync(join(tmp, `clientKey_${CLIENT_KEY_ID}.json`), clientKeyJson)
writeFileSync(join(tmp, 'PrivateKmsCA_kst-test.pem'), tls.caPem)

/** What the test server does with the next requests. */
const state = { throttleNext: 0, htmlError: false, hang: false, seen: [] as { headers: IncomingMessage['headers']; requestId: string }[] }

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A minimal instance API: authentication by verifyInstanceRequest, then GenerateRandom only. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID()
  state.seen.push({ headers: req.headers, requestId })
  const send = (status: number, body: Buffer) => {
    res.writeHead(status, { 'content-type': 'application/x-protobuf' })
    res.end(body)
  }
  try {
    const body = await readBody(req)
    if (state.hang) return
    if (state.htmlError) {
      res.writeHead(400, { 'content-type': 'text/html' })
      res.end('<html>bad</html>')
      return
    }
    if (state.throttleNext > 0) {
      state.throttleNext--
      throw KmsErrors.of('Rejected.Throttling')
    }
    const { apiName } = await verifyInstanceRequest(
      { method: req.method ?? '', headers: req.headers, body },
      {
        now: Date.now,
        knownApis: INSTANCE_API_NAMES,
        lookupClientKey: async (id) =>
          id === CLIENT_KEY_ID ? { certificatePem: clientKey.certificatePem, notBefore: 0, notAfter: Date.now() + 3600_000 } : undefined,
      },
    )
    if (apiName !== 'GenerateRandom') throw KmsErrors.of('UnsupportedOperation')
    const { Length } = decodeMessage<{ Length: number }>('GenerateRandomRequest', body)
    if (Length < 0 || Length > 1024) throw KmsErrors.invalidParameter('Length')
    send(200, encodeMessage('GenerateRandomResponse', { Random: randomBytes(Length || 32), RequestId: requestId }))
  } catch (e) {
    const err = isKmsError(e) ? e : KmsErrors.internal()
    send(err.status, encodeInstanceError(err, requestId))
  }
}

let server: Server
let port = 0
const clients: InstanceClient[] = []

function client(overrides: Partial<InstanceClientConfig> = {}): InstanceClient {
  const c = new InstanceClient({
    endpoint: `127.0.0.1:${port}`,
    clientKeyFile: join(tmp, `clientKey_${CLIENT_KEY_ID}.json`),
    password: PASSWORD,
    caFilePath: join(tmp, 'PrivateKmsCA_kst-test.pem'),
    backoffMs: 5,
    timeoutMs: 5000,
    ...overrides,
  })
  clients.push(c)
  return c
}

before(async () => {
  server = createServer({ key: tls.serverKeyPem, cert: tls.serverCertChainPem }, (req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

after(async () => {
  for (const c of clients) c.close()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(tmp, { recursive: true, force: true })
})

beforeEach(() => {
  state.throttleNext = 0
  state.htmlError = false
  state.hang = false
  state.seen = []
})

describe('InstanceClient over TLS against verifyInstanceRequest', () => {
  it('calls GenerateRandom with the client key file and the CA file (root then sub-CA)', async () => {
    const res = await client().generateRandom({ Length: 48 })
    assert.ok(Buffer.isBuffer(res.Random))
    assert.equal(res.Random.length, 48)
    assert.equal(state.seen.length, 1)
    assert.equal(res.RequestId, state.seen[0]!.requestId)
    const h = state.seen[0]!.headers
    assert.equal(h.host, `127.0.0.1:${port}`)
    assert.equal(h.accept, 'application/x-protobuf')
    assert.equal(h['content-type'], 'application/x-protobuf')
    assert.equal(h['x-kms-apiversion'], 'dkms-gcs-0.2')
    assert.equal(h['x-kms-apiname'], 'GenerateRandom')
    assert.equal(h['x-kms-signaturemethod'], 'RSA_PKCS1_SHA_256')
    assert.equal(h['x-kms-acccesskeyid'], CLIENT_KEY_ID)
    assert.match(String(h['content-sha256']), /^[0-9A-F]{64}$/)
    assert.match(String(h.date), /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/)
    assert.match(String(h.authorization), /^Bearer [A-Za-z0-9+/]+={0,2}$/)
    assert.equal(h['content-length'], '2')
  })

  it('works with https:// endpoints, inline key JSON and inline CA, and the generic call()', async () => {
    const c = client({ endpoint: `https://localhost:${port}`, clientKeyFile: undefined, clientKeyContent: clientKeyJson,
      caFilePath: undefined, ca: tls.caPem })
    const res = await c.call<{ Random: Buffer; RequestId: string }>('GenerateRandom', {})
    assert.equal(res.Random.length, 32)
    assert.equal(state.seen[0]!.headers.host, `localhost:${port}`)
  })

  it('signs extra x-kms-* headers it is given', async () => {
    await client().generateRandom({ Length: 1 }, { headers: { 'x-kms-migrationkeyversionid': 'v-1', 'x-kms-apiname': 'ignored' } })
    assert.equal(state.seen[0]!.headers['x-kms-migrationkeyversionid'], 'v-1')
    assert.equal(state.seen[0]!.headers['x-kms-apiname'], 'GenerateRandom')
  })

  it('surfaces a server error as InstanceApiError with code, status and request id, without retrying it', async () => {
    await assert.rejects(client().generateRandom({ Length: 5000 }), (e: unknown) => {
      assert.ok(e instanceof InstanceApiError)
      assert.equal(e.code, 'InvalidParameter')
      assert.equal(e.httpStatus, 400)
      assert.equal(e.message, 'The specified parameter "Length" is not valid.')
      assert.equal(e.requestId, state.seen[0]!.requestId)
      return true
    })
    assert.equal(state.seen.length, 1)
  })

  it('is refused as Unauthorized when the server does not know its client key', async () => {
    const other = JSON.stringify({ KeyId: 'KAAP.unknown', PrivateKeyData: clientKey.pkcs12Base64(PASSWORD) })
    await assert.rejects(client({ clientKeyFile: undefined, clientKeyContent: other }).generateRandom({}), (e: unknown) => {
      assert.ok(e instanceof InstanceApiError)
      assert.deepEqual([e.code, e.httpStatus, e.message], ['Unauthorized', 404, 'The AccessKey ID "KAAP.unknown" does not exist in our records.'])
      return true
    })
  })

  it('retries Rejected.Throttling, re-signing, and succeeds on the third attempt', async () => {
    state.throttleNext = 2
    const res = await client().generateRandom({ Length: 8 })
    assert.equal(res.Random.length, 8)
    assert.equal(state.seen.length, 3)
  })

  it('gives up after 3 attempts and reports the last error', async () => {
    state.throttleNext = 10
    await assert.rejects(client().generateRandom({}), (e: unknown) => e instanceof InstanceApiError && e.code === 'Rejected.Throttling' && e.httpStatus === 429)
    assert.equal(state.seen.length, 3)
  })

  it('reports a non-protobuf error body cleanly', async () => {
    state.htmlError = true
    await assert.rejects(client().generateRandom({}), (e: unknown) => e instanceof InstanceApiError && e.code === 'UnknownError' && e.httpStatus === 400)
    assert.equal(state.seen.length, 1)
  })

  it('does not trust a server outside its CA file and does not retry that', async () => {
    const strangerCa = makeClientKey('a stranger').certificatePem
    await assert.rejects(client({ caFilePath: undefined, ca: strangerCa }).generateRandom({}), (e: unknown) => {
      assert.ok(!(e instanceof InstanceApiError))
      assert.match(String((e as NodeJS.ErrnoException).code), /CERT|SIGNATURE|ISSUER/)
      return true
    })
    assert.equal(state.seen.length, 0)
  })

  it('skips verification only when ignoreSsl is set', async () => {
    const res = await client({ caFilePath: undefined, ignoreSsl: true }).generateRandom({ Length: 4 })
    assert.equal(res.Random.length, 4)
  })

  it('retries connection failures 3 times', async () => {
    const closed = createServer({ key: tls.serverKeyPem, cert: tls.serverCertChainPem })
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const deadPort = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const started = Date.now()
    await assert.rejects(client({ endpoint: `127.0.0.1:${deadPort}`, backoffMs: 50 }).generateRandom({}), { code: 'ECONNREFUSED' })
    assert.ok(Date.now() - started >= 150, 'two back-offs of 50 and 100 ms')
  })

  it('times out a silent server and retries the timeout', async () => {
    state.hang = true
    await assert.rejects(client({ timeoutMs: 150, maxAttempts: 2 }).generateRandom({}), { code: 'ETIMEDOUT' })
    assert.equal(state.seen.length, 2)
  })

  it('refuses a wrong password, a bad key file and an http endpoint at construction', () => {
    assert.throws(() => client({ password: 'wrong-password' }), /wrong password/)
    assert.throws(() => client({ clientKeyFile: undefined, clientKeyContent: '{"KeyId":"KAAP.x"}' }), /PrivateKeyData/)
    assert.throws(() => client({ endpoint: `http://127.0.0.1:${port}` }), /must be https/)
  })
})
