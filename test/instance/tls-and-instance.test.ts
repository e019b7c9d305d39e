/**
 * The instance API's own TLS (docs/tls.md), checked by `openssl s_client` and `openssl verify`: the CA file written
 * at init, the served chain and its names, the CA kept (wrapped) across restarts, the server certificate reissued
 * when names change or expiry nears; and the instance as a control-plane resource (GetKmsInstance & co., CreateKey's
 * DKMSInstanceId) through the official SDKs.
 */
import { X509Certificate } from 'node:crypto'
import { execFile } from 'node:child_process'
import { connect } from 'node:tls'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callPop, callV3, failure, type Endpoint } from '../support/sdk.js'
import { withOpenssl } from '../support/openssl.js'
import { ensureInstanceTls } from '../../src/runtime/instance-tls.js'
import { caFileOf } from './access-setup.js'

/** The certificate the server presents to a client asking for `servername`, and the one it sends after it. */
function servedChain(port: number, servername: string): Promise<X509Certificate[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => {
      const leaf = socket.getPeerCertificate(true) as unknown as { raw: Buffer; issuerCertificate?: { raw: Buffer } }
      const chain = [new X509Certificate(leaf.raw)]
      if (leaf.issuerCertificate && !leaf.issuerCertificate.raw.equals(leaf.raw)) chain.push(new X509Certificate(leaf.issuerCertificate.raw))
      socket.end()
      resolve(chain)
    })
    socket.on('error', reject)
  })
}

/**
 * `openssl s_client` verifying the server against the CA file, with a host name or IP address check. It runs
 * asynchronously: the server answering the handshake lives in this process.
 */
function sClientVerifies(port: number, caFile: string, check: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-CAfile', caFile, '-verify_return_error', ...check]
    const child = execFile('openssl', args, { timeout: 20_000 }, (_err, stdout) => resolve(String(stdout).includes('Verify return code: 0 (ok)')))
    child.stdin?.end()
  })
}

const sans = (cert: X509Certificate) => (cert.subjectAltName ?? '').split(', ')

describe('instance API TLS and the KMS instance resource', () => {
  let app: TestApp
  let ep: Endpoint

  before(async () => {
    app = await startTestApp({ instanceHostNames: ['kms.internal.example'] }, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => app.stop())

  it('writes PrivateKmsCA_<instanceId>.pem (root, then second CA) and serves a chain openssl verifies', async () => {
    const pem = readFileSync(caFileOf(app), 'utf8')
    const certs = pem.split(/(?<=-----END CERTIFICATE-----\n)/).filter(Boolean).map((p) => new X509Certificate(p))
    assert.equal(certs.length, 2)
    const [root, sub] = certs as [X509Certificate, X509Certificate]
    assert.ok(root.checkIssued(root) && root.ca, 'first: the self-signed root')
    assert.ok(sub.checkIssued(root) && sub.verify(root.publicKey) && sub.ca, 'second: the second CA, issued by the root')
    for (const check of [['-verify_hostname', 'localhost'], ['-verify_ip', '127.0.0.1'], ['-verify_hostname', 'kms.internal.example']]) {
      assert.ok(await sClientVerifies(app.instancePort, caFileOf(app), check), check.join(' '))
    }
    assert.equal(await sClientVerifies(app.instancePort, caFileOf(app), ['-verify_hostname', 'evil.example']), false)
    const [leaf] = await servedChain(app.instancePort, 'localhost')
    assert.ok(leaf?.verify(sub.publicKey), 'the server certificate is issued by the second CA')
    const names = sans(leaf as X509Certificate)
    for (const n of ['DNS:kms.internal.example', `DNS:${app.runtime.instanceId}.cryptoservice.kms.aliyuncs.com`, 'DNS:localhost', 'IP Address:127.0.0.1']) {
      assert.ok(names.includes(n), `${n} in ${names.join(', ')}`)
    }
    assert.ok(names.some((n) => /^IP Address:0:0:0:0:0:0:0:1$|^IP Address:::1$/i.test(n)), 'IPv6 loopback')
    withOpenssl((dir) => {
      dir.put('root.pem', root.toString())
      dir.put('sub.pem', sub.toString())
      dir.put('leaf.pem', (leaf as X509Certificate).toString())
      const r = dir.run(['verify', '-CAfile', 'root.pem', '-untrusted', 'sub.pem', '-purpose', 'sslserver', 'leaf.pem'])
      assert.ok(r.ok, r.stderr)
    })
  })

  it('keeps the CA private keys only wrapped by the root key', async () => {
    const stored = (await app.runtime.store.meta.get('instanceTls.ca')) as string
    const server = (await app.runtime.store.meta.get('instanceTls.server')) as string
    for (const text of [stored, server]) {
      assert.doesNotMatch(text, /PRIVATE KEY/)
      assert.doesNotMatch(Buffer.from(text).toString('base64'), /LS0tLS1CRUdJTiBQUklWQVRF/)
    }
    const record = JSON.parse(stored) as { wrappedRootKey: string }
    assert.throws(() => app.runtime.keyring.unwrap(Buffer.from(record.wrappedRootKey, 'base64'), 'instance-tls:server'))
    assert.match(app.runtime.keyring.unwrap(Buffer.from(record.wrappedRootKey, 'base64'), 'instance-tls:root-ca').toString(), /BEGIN PRIVATE KEY/)
  })

  it('reissues the server certificate as expiry nears, keeping the CA', async () => {
    const before = await ensureInstanceTls(app.runtime)
    const later = { ...app.runtime, clock: { now: () => Date.now() + 340 * 86400_000 } }
    const renewed = await ensureInstanceTls(later)
    assert.equal(renewed.caChainPem, before.caChainPem)
    assert.notEqual(renewed.serverCertChainPem, before.serverCertChainPem)
    assert.ok(renewed.serverNotAfter > before.serverNotAfter)
    assert.equal((await ensureInstanceTls(later)).serverCertChainPem, renewed.serverCertChainPem, 'issued once')
  })

  it('GetKmsInstance, ListKmsInstances and GetDefaultKmsInstance describe this instance', async () => {
    const id = app.runtime.instanceId
    const got = (await callV3(ep, 'GetKmsInstance', { KmsInstanceId: id })).body.KmsInstance as Record<string, unknown>
    assert.equal(got.InstanceId, id)
    assert.equal(got.Status, 'Connected')
    assert.equal(got.CaCertificateChainPem, readFileSync(caFileOf(app), 'utf8'))
    assert.equal(typeof got.SecretNum, 'string')
    assert.equal(typeof got.KeyNum, 'number')
    assert.equal(got.ProductVersion, '3')
    assert.match(got.CreateTime as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    assert.deepEqual(got.BindVpcs, { BindVpc: [] })
    const missing = await failure(callV3(ep, 'GetKmsInstance', { KmsInstanceId: 'kst-hzzotherinstance000000' }))
    assert.deepEqual([missing.code, missing.status], ['Forbidden.ResourceNotFound', 404])
    assert.equal((await failure(callV3(ep, 'GetKmsInstance', {}))).code, 'MissingParameter')

    const list = JSON.parse(JSON.stringify(await callPop(ep, 'ListKmsInstances', { PageSize: 10 }))) as Record<string, unknown>
    assert.deepEqual(list.KmsInstances, {
      KmsInstance: [{ KmsInstanceId: id, KmsInstanceArn: `acs:kms:${app.config.region}:${app.config.accountId}:keystore/${id}` }],
    })
    assert.equal(list.TotalCount, 1)
    const filtered = await callV3(ep, 'ListKmsInstances', { Filters: JSON.stringify([{ Key: 'KmsInstanceId', Values: ['kst-x'] }]) })
    assert.deepEqual(filtered.body.KmsInstances, { KmsInstance: [] })
    assert.equal((await callV3(ep, 'GetDefaultKmsInstance', {})).body.DefaultKmsInstanceId, id)
  })

  it("CreateKey takes this instance's id as DKMSInstanceId and refuses another, creating nothing", async () => {
    const count = async () => (await callV3(ep, 'ListKeys', { PageSize: '100' })).body.TotalCount as number
    const before = await count()
    const refused = await failure(callV3(ep, 'CreateKey', { DKMSInstanceId: 'kst-hzzotherinstance000000' }))
    assert.deepEqual([refused.code, refused.status], ['Forbidden.DKMSInstanceNotFound', 403])
    assert.match(refused.message, /kst-hzzotherinstance000000/)
    assert.equal(await count(), before)
    const md = (await callV3(ep, 'CreateKey', { DKMSInstanceId: app.runtime.instanceId })).body.KeyMetadata as Record<string, string>
    assert.equal(md.DKMSInstanceId, app.runtime.instanceId)
  })
})

describe('instance API TLS across restarts', () => {
  it('keeps the CA and certificate on restart, and reissues the certificate when the host names change', async () => {
    const first = await startTestApp({}, { keyPoolSize: 0 })
    const dataDir = first.dataDir
    const ca = readFileSync(caFileOf(first), 'utf8')
    const [cert1] = await servedChain(first.instancePort, 'localhost')
    await first.stop({ keepData: true })

    const second = await startTestApp({ dataDir }, { keyPoolSize: 0 })
    const [cert2] = await servedChain(second.instancePort, 'localhost')
    assert.equal(readFileSync(caFileOf(second), 'utf8'), ca)
    assert.equal(cert2?.fingerprint256, cert1?.fingerprint256)
    await second.stop({ keepData: true })

    const third = await startTestApp({ dataDir, instanceHostNames: ['kms.example.net'] }, { keyPoolSize: 0 })
    try {
      const [cert3] = await servedChain(third.instancePort, 'localhost')
      assert.equal(readFileSync(caFileOf(third), 'utf8'), ca)
      assert.notEqual(cert3?.fingerprint256, cert1?.fingerprint256)
      assert.ok(sans(cert3 as X509Certificate).includes('DNS:kms.example.net'))
      assert.ok(await sClientVerifies(third.instancePort, caFileOf(third), ['-verify_hostname', 'kms.example.net']))
    } finally {
      await third.stop()
    }
  })
})
