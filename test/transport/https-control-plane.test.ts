/**
 * HTTPS on the control plane: the official SDKs with only the private CA file trusted (openapi-client and
 * pop-core in process, kms20160120 in a child process through NODE_EXTRA_CA_CERTS since it takes no CA
 * option), the chain and protocol versions checked by openssl s_client as a second implementation, and the
 * choice of transport per listen address.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Agent } from 'node:https'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { openssl } from '../support/openssl-cli.js'
import { controlPlaneTransport, isLoopbackHost } from '../../src/runtime/tls-certificate.js'

const require = createRequire(import.meta.url)
const OpenApi = require('@alicloud/openapi-client')
const TeaUtil = require('@alicloud/tea-util')
const PopCore = require('@alicloud/pop-core')
const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function openApi(app: TestApp, ca?: string) {
  return new OpenApi.default(
    new OpenApi.Config({ endpoint: app.endpoint, protocol: 'https', accessKeyId: TEST_AK.accessKeyId, accessKeySecret: TEST_AK.accessKeySecret, ...(ca ? { ca } : {}) }),
  )
}

async function callV3Https(app: TestApp, action: string, query: Record<string, string>, ca?: string) {
  const params = new OpenApi.Params({
    action,
    version: '2016-01-20',
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  })
  const request = new OpenApi.OpenApiRequest({ query })
  return openApi(app, ca).callApi(params, request, new TeaUtil.RuntimeOptions({ readTimeout: 30000, connectTimeout: 30000 }))
}

describe('control plane over HTTPS with the private CA', () => {
  let app: TestApp
  let ca: string
  before(async () => {
    app = await startTestApp({ tls: true })
    ca = readFileSync(app.caFilePath, 'utf8')
  })
  after(() => app.stop())

  it('serves https:// and the V3 SDK (openapi-client) works with only the CA file trusted', async () => {
    assert.match(app.url, /^https:\/\/127\.0\.0\.1:\d+$/)
    const created = await callV3Https(app, 'CreateKey', { KeySpec: 'Aliyun_AES_256' }, ca)
    const keyId = created.body.KeyMetadata.KeyId as string
    const enc = await callV3Https(app, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from('over tls').toString('base64') }, ca)
    const dec = await callV3Https(app, 'Decrypt', { CiphertextBlob: enc.body.CiphertextBlob }, ca)
    assert.equal(Buffer.from(dec.body.Plaintext as string, 'base64').toString(), 'over tls')
  })

  it('refuses a client that does not trust the CA (the chain is really verified)', async () => {
    await assert.rejects(callV3Https(app, 'DescribeRegions', {}), /self[- ]signed|unable to verify|certificate/i)
  })

  it('pop-core (V1) works with an agent trusting only the CA file', async () => {
    const client = new PopCore.RPCClient({ ...TEST_AK, endpoint: app.url, apiVersion: '2016-01-20' })
    const res = await client.request('CreateKey', { KeySpec: 'Aliyun_AES_256' }, { method: 'POST', timeout: 30000, agent: new Agent({ ca }) })
    assert.match((res as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId, /^key-/)
  })

  it('kms20160120 with protocol https works in a process that trusts the CA file (NODE_EXTRA_CA_CERTS)', async () => {
    const script = `
      const Kms = require('@alicloud/kms20160120')
      const client = new Kms.default({ endpoint: ${JSON.stringify(app.endpoint)}, protocol: 'https', type: 'access_key',
        accessKeyId: ${JSON.stringify(TEST_AK.accessKeyId)}, accessKeySecret: ${JSON.stringify(TEST_AK.accessKeySecret)} })
      client.createKey(new Kms.CreateKeyRequest({ keySpec: 'Aliyun_AES_256' }))
        .then((r) => console.log(r.keyMetadata.keyId), (e) => { console.error(e.message); process.exit(1) })`
    const trusted = await run(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: app.caFilePath } })
    assert.match(trusted.stdout.trim(), /^key-/)
    await assert.rejects(run(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } }), /self[- ]signed|unable to verify|certificate/i)
  })

  it('openssl s_client verifies the chain against the CA file; TLS 1.1 is refused; the suite is ECDHE with AEAD', async () => {
    const connect = `127.0.0.1:${app.port}`
    const ok = await openssl(['s_client', '-connect', connect, '-CAfile', app.caFilePath, '-verify_return_error', '-verify_ip', '127.0.0.1', '-tls1_2'])
    assert.match(ok.stdout, /^Verification: OK$/m, ok.stderr)
    assert.match(ok.stdout, /Verify return code: 0 \(ok\)/)
    const cipher = /Cipher\s+:\s+(\S+)/.exec(ok.stdout)?.[1] ?? ''
    assert.match(cipher, /^ECDHE-(RSA|ECDSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/)
    const old = await openssl(['s_client', '-connect', connect, '-tls1_1'])
    assert.doesNotMatch(old.stdout, /Cipher is ECDHE/)
    assert.notEqual(old.status, 0)
  })
})

describe('transport choice', () => {
  const ca = { serverKeyPem: 'k', serverCertChainPem: 'c' }
  it('plain HTTP on loopback by default, HTTPS with the private CA elsewhere unless OPENKMS_ALLOW_HTTP', () => {
    const base = { tls: false, allowHttp: false, tlsCertFile: undefined, tlsKeyFile: undefined }
    assert.equal(controlPlaneTransport({ ...base, host: '127.0.0.1' }, ca).scheme, 'http')
    assert.equal(controlPlaneTransport({ ...base, host: '::1' }, ca).scheme, 'http')
    assert.deepEqual(controlPlaneTransport({ ...base, host: '0.0.0.0' }, ca), { scheme: 'https', source: 'private-ca', tls: { keyPem: 'k', certChainPem: 'c' } })
    assert.equal(controlPlaneTransport({ ...base, host: '10.1.2.3', allowHttp: true }, ca).scheme, 'http')
    assert.equal(controlPlaneTransport({ ...base, host: '127.0.0.1', tls: true }, ca).scheme, 'https')
    assert.throws(() => controlPlaneTransport({ ...base, host: '127.0.0.1', tlsCertFile: '/x.pem' }, ca), /set both or neither/)
    assert.throws(() => controlPlaneTransport({ ...base, host: '127.0.0.1', tlsCertFile: '/nonexistent/c.pem', tlsKeyFile: '/nonexistent/k.pem' }, ca), /\/nonexistent\/c\.pem: cannot read/)
  })
  it('loopback means 127.0.0.0/8, ::1 and localhost only', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost']) assert.equal(isLoopbackHost(h), true, h)
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'kms.example.com', '::ffff:127.0.0.1x']) assert.equal(isLoopbackHost(h), false, h)
  })
})
