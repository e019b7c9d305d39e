import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash, createSign, sign as nodeSign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { makeClientKey } from '../../test/instance/fixtures.js'
import { independentlySignedRequest } from '../../test/instance/independent-signer.js'
import { ERROR_CATALOG, isKmsError } from '../domain/errors.js'
import { signedRequestHeaders } from '../instance-client/request-signer.js'
import { INSTANCE_API_NAMES } from '../instance-wire/proto.js'
import { instanceStringToSign } from '../instance-wire/string-to-sign.js'
import { verifyInstanceRequest, type InstanceRequest } from './verify-request.js'

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0)
const MIN = 60_000
const DAY = 86_400_000
const key = makeClientKey()
const otherKey = makeClientKey('someone-else')
const tmp = mkdtempSync(join(tmpdir(), 'openkms-verify-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

/** An EC certificate made by the openssl CLI: a key the RSA-only signature method must never accept. */
function opensslEcClientKey(): { keyPem: string; certificatePem: string } {
  const keyFile = join(tmp, 'ec.key')
  const certFile = join(tmp, 'ec.crt')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=ec',
    '-days', '1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' })
  return { keyPem: readFileSync(keyFile, 'utf8'), certificatePem: readFileSync(certFile, 'utf8') }
}
const ecKey = opensslEcClientKey()

const window = { notBefore: NOW - DAY, notAfter: NOW + DAY }
const clientKeys: Record<string, { certificatePem: string; notBefore: number; notAfter: number }> = {
  'KAAP.good': { certificatePem: key.certificatePem, ...window },
  'KAAP.expired': { certificatePem: key.certificatePem, notBefore: NOW - 2 * DAY, notAfter: NOW - 1000 },
  'KAAP.future': { certificatePem: key.certificatePem, notBefore: NOW + 1000, notAfter: NOW + DAY },
  'KAAP.broken': { certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', ...window },
  'KAAP.ec': { certificatePem: ecKey.certificatePem, ...window },
}
const deps = {
  now: () => NOW,
  lookupClientKey: async (id: string) => clientKeys[id],
  knownApis: INSTANCE_API_NAMES,
}

/** GenerateRandomRequest{Length: 32}, hand-encoded: field 1 varint. */
const BODY = Buffer.from('0820', 'hex')

/** GenerateRandom from the independent signer, with the test's defaults. */
function independentlySigned(opts: { keyPem: string; keyId: string; apiName?: string; body?: Buffer; date?: string }) {
  return independentlySignedRequest({
    apiName: 'GenerateRandom',
    body: BODY,
    date: new Date(NOW).toUTCString(),
    ...opts,
  })
}

/** The same request signed by openkms's own client signer. */
function clientSigned(keyId = 'KAAP.good', body = BODY, now = NOW): InstanceRequest {
  const headers = signedRequestHeaders({
    apiName: 'GenerateRandom', body, clientKeyId: keyId, privateKey: key.privateKey, host: '127.0.0.1:1', now, userAgent: 't',
  })
  return { method: 'POST', headers, body }
}

function good(): { method: string; headers: Record<string, string | undefined>; body: Buffer } {
  const r = independentlySigned({ keyPem: key.privateKeyPem, keyId: 'KAAP.good' })
  return { method: r.method, headers: { ...r.headers }, body: r.body }
}

async function rejects(req: InstanceRequest, code: string, status: number, message?: string) {
  await assert.rejects(verifyInstanceRequest(req, deps), (e: unknown) => {
    assert.ok(isKmsError(e), String(e))
    assert.equal(e.code, code)
    assert.equal(e.status, status)
    if (message !== undefined) assert.equal(e.message, message)
    return true
  })
}

describe('verifyInstanceRequest', () => {
  it('uses catalog statuses that match the spec', () => {
    const expected = { InvalidApiVersion: 400, InvalidApiName: 400, InvalidParam: 400, RequestTimeTooSkewed: 400,
      MissingParameter: 400, Unauthorized: 404, InvalidContentType: 415, SignatureNotMatch: 401, RequestEntityTooLarge: 413 }
    for (const [code, status] of Object.entries(expected)) assert.equal(ERROR_CATALOG[code as keyof typeof ERROR_CATALOG].status, status, code)
  })

  it('accepts a request from an independent minimal signer', async () => {
    assert.deepEqual(await verifyInstanceRequest(good(), deps), { apiName: 'GenerateRandom', clientKeyId: 'KAAP.good' })
  })

  it("accepts a request from openkms's client signer, and an empty body", async () => {
    assert.deepEqual(await verifyInstanceRequest(clientSigned(), deps), { apiName: 'GenerateRandom', clientKeyId: 'KAAP.good' })
    await verifyInstanceRequest(clientSigned('KAAP.good', Buffer.alloc(0)), deps)
  })

  it('reports failures in the spec order, steps 1 to 8', async () => {
    const breaks: [string, (h: Record<string, string | undefined>) => void, number, string][] = [
      ['InvalidApiVersion', (h) => { h['x-kms-apiversion'] = 'dkms-gcs-0.1' }, 400, 'The ApiVersion "dkms-gcs-0.1" is invalid.'],
      ['InvalidApiName', (h) => { h['x-kms-apiname'] = 'DeleteEverything' }, 400, 'The ApiName "DeleteEverything" is invalid.'],
      ['InvalidParam', (h) => { h.date = '2026-03-10T12:00:00Z' }, 400, 'The Param Date is invalid.'],
      ['RequestTimeTooSkewed', (h) => { h.date = new Date(NOW - 16 * MIN).toUTCString() }, 400,
        'Request time exceeds server time more than 15 minutes.'],
      ['InvalidParam', (h) => { h['x-kms-signaturemethod'] = 'RSA_PSS_SHA_256' }, 400,
        'The Param x-kms-signaturemethod is invalid. message:"RSA_PSS_SHA_256"'],
      ['MissingParameter', (h) => { delete h['x-kms-acccesskeyid'] }, 400,
        'Parameter x-kms-acccesskeyid does not exist in http header or body.'],
      ['Unauthorized', (h) => { h['x-kms-acccesskeyid'] = 'KAAP.unknown' }, 404,
        'The AccessKey ID "KAAP.unknown" does not exist in our records.'],
      ['InvalidContentType', (h) => { h['content-type'] = 'application/json' }, 415, 'Content-Type "application/json" is unsupported.'],
      ['InvalidParam', (h) => { h['content-sha256'] = '00'.repeat(32) }, 400, 'The Param Content-SHA256 is invalid.'],
      ['SignatureNotMatch', (h) => { h.authorization = `Bearer ${Buffer.alloc(256, 1).toString('base64')}` }, 401, 'Signature is not matched.'],
    ]
    for (let first = 0; first < breaks.length; first++) {
      const req = good()
      for (let i = breaks.length - 1; i >= first; i--) breaks[i]![1](req.headers)
      const [code, , status, message] = breaks[first]!
      await rejects(req, code, status, message)
    }
  })

  it('refuses a missing API version', async () => {
    const req = good()
    delete req.headers['x-kms-apiversion']
    await rejects(req, 'InvalidApiVersion', 400, 'The ApiVersion "" is invalid.')
  })

  it('refuses dates that are missing, malformed or impossible', async () => {
    for (const date of [undefined, '', 'Mon, 2 Jan 2006 15:04:05 GMT', 'Tue, 31 Feb 2026 12:00:00 GMT', 'Tue, 10 Mar 2026 24:00:00 GMT',
      'Tue, 10 Mar 2026 12:00:00 +0000', String(NOW)]) {
      const req = good()
      req.headers.date = date
      await rejects(req, 'InvalidParam', 400, 'The Param Date is invalid.')
    }
  })

  it('allows 15 minutes of clock skew either way and refuses 16', async () => {
    for (const [offset, ok] of [[15 * MIN, true], [-15 * MIN, true], [16 * MIN, false], [-16 * MIN, false]] as const) {
      const req = independentlySigned({ keyPem: key.privateKeyPem, keyId: 'KAAP.good', date: new Date(NOW + offset).toUTCString() })
      if (ok) await verifyInstanceRequest(req, deps)
      else await rejects(req, 'RequestTimeTooSkewed', 400)
    }
  })

  it('refuses a missing signature method', async () => {
    const req = good()
    delete req.headers['x-kms-signaturemethod']
    await rejects(req, 'InvalidParam', 400, 'The Param x-kms-signaturemethod is invalid.')
  })

  it('refuses a missing content type', async () => {
    const req = good()
    delete req.headers['content-type']
    await rejects(req, 'InvalidContentType', 415, 'Content-Type "" is unsupported.')
  })

  it('compares content-sha256 as case-insensitive hex and refuses a missing one', async () => {
    const lower = good()
    lower.headers['content-sha256'] = lower.headers['content-sha256']!.toLowerCase()
    await rejects(lower, 'SignatureNotMatch', 401)
    const sha = createHash('sha256').update(BODY).digest('hex')
    const req = independentlySigned({ keyPem: key.privateKeyPem, keyId: 'KAAP.good' })
    req.headers['content-sha256'] = sha
    const sts = instanceStringToSign({ method: 'POST', contentSha256: sha, contentType: 'application/x-protobuf',
      date: req.headers.date, headers: req.headers })
    req.headers.authorization = `Bearer ${nodeSign('sha256', Buffer.from(sts), key.privateKey).toString('base64')}`
    await verifyInstanceRequest(req, deps)
    const missing = good()
    delete missing.headers['content-sha256']
    await rejects(missing, 'InvalidParam', 400, 'The Param Content-SHA256 is invalid.')
  })

  it('detects a tampered body', async () => {
    const req = good()
    req.body = Buffer.from('0840', 'hex')
    await rejects(req, 'InvalidParam', 400, 'The Param Content-SHA256 is invalid.')
    req.headers['content-sha256'] = createHash('sha256').update(req.body).digest('hex').toUpperCase()
    await rejects(req, 'SignatureNotMatch', 401, 'Signature is not matched.')
  })

  it('detects tampered signed headers', async () => {
    const tamper: ((h: Record<string, string | undefined>) => void)[] = [
      (h) => { h['x-kms-apiname'] = 'Encrypt' },
      (h) => { h.date = new Date(NOW - MIN).toUTCString() },
      (h) => { h['x-kms-migrationkeyversionid'] = 'v-evil' },
      (h) => { h['content-type'] = 'application/x-protobuf; charset=utf-8' },
    ]
    for (const t of tamper) {
      const req = good()
      t(req.headers)
      await rejects(req, 'SignatureNotMatch', 401)
    }
  })

  it('ignores unsigned headers', async () => {
    const req = good()
    req.headers['user-agent'] = 'something else'
    req.headers.host = 'elsewhere:443'
    await verifyInstanceRequest(req, deps)
  })

  it('refuses a signature made by another key', async () => {
    await rejects(independentlySigned({ keyPem: otherKey.privateKeyPem, keyId: 'KAAP.good' }), 'SignatureNotMatch', 401)
  })

  it('refuses an ECDSA signature even from a key whose certificate is EC', async () => {
    const req = good()
    req.headers['x-kms-acccesskeyid'] = 'KAAP.ec'
    const sts = independentlySigned({ keyPem: key.privateKeyPem, keyId: 'KAAP.ec' }).stringToSign
    req.headers.authorization = `Bearer ${createSign('SHA256').update(sts).sign(ecKey.keyPem, 'base64')}`
    await rejects(req, 'SignatureNotMatch', 401)
  })

  it('accepts Bearer or another one-word scheme, and refuses malformed authorization', async () => {
    const signature = good().headers.authorization!.slice('Bearer '.length)
    for (const value of [`TOKEN ${signature}`, `bearer ${signature}`]) {
      const req = good()
      req.headers.authorization = value
      await verifyInstanceRequest(req, deps)
    }
    for (const value of [undefined, '', signature, `Bearer  ${signature}`, `Bearer ${signature}!`, `Bearer ${signature} x`, 'Bearer ']) {
      const req = good()
      req.headers.authorization = value
      await rejects(req, 'SignatureNotMatch', 401)
    }
  })

  it('reads header names whatever their case', async () => {
    const req = good()
    const upper = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toUpperCase(), v]))
    await verifyInstanceRequest({ ...req, headers: upper }, deps)
  })

  it('takes a repeated header as node:http joins it, which names no API', async () => {
    const req: InstanceRequest = good()
    req.headers['x-kms-apiname'] = ['GenerateRandom', 'Encrypt']
    await rejects(req, 'InvalidApiName', 400, 'The ApiName "GenerateRandom, Encrypt" is invalid.')
  })

  it('refuses an expired or not yet valid client key with 403 Forbidden.NoPermission, after the signature check', async () => {
    for (const id of ['KAAP.expired', 'KAAP.future']) {
      await rejects(independentlySigned({ keyPem: key.privateKeyPem, keyId: id }), 'Forbidden.NoPermission', 403)
      await rejects(independentlySigned({ keyPem: otherKey.privateKeyPem, keyId: id }), 'SignatureNotMatch', 401)
    }
  })

  it('accepts a key at the exact edges of its validity window', async () => {
    const req = good()
    await verifyInstanceRequest(req, { ...deps, lookupClientKey: async () => ({ certificatePem: key.certificatePem, notBefore: NOW, notAfter: NOW }) })
  })

  it('fails with InternalFailure when the stored certificate is unreadable', async () => {
    await rejects(independentlySigned({ keyPem: key.privateKeyPem, keyId: 'KAAP.broken' }), 'InternalFailure', 500)
  })

  it('refuses a body over 3 MB with 413 before anything else', async () => {
    const req = good()
    req.body = Buffer.alloc(3 * 1024 * 1024 + 1)
    delete req.headers['x-kms-apiversion']
    await rejects(req, 'RequestEntityTooLarge', 413)
    await verifyInstanceRequest(clientSigned('KAAP.good', Buffer.alloc(3 * 1024 * 1024)), deps)
  })
})
