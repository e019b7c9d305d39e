import assert from 'node:assert/strict'
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { createServer, request, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { OpensslWorkspace } from '../../../test/support/openssl-workspace.js'
import { caChainFileContents, createPrivateCa, issueServerCertificate, type CaBundle } from './private-ca.js'

const INSTANCE_ID = 'kst-hzz65f1a2b3c4d5e6f7g8'
const INSTANCE_HOST = `${INSTANCE_ID}.cryptoservice.kms.aliyuncs.com`
const HOSTS = ['localhost', '127.0.0.1', '::1', INSTANCE_HOST]
const NOW = new Date()

let ca: CaBundle
let otherCa: CaBundle
before(async () => {
  ;[ca, otherCa] = await Promise.all([
    createPrivateCa({ instanceId: INSTANCE_ID, region: 'cn-hangzhou', now: NOW }),
    createPrivateCa({ instanceId: 'kst-other', region: 'cn-hangzhou', now: NOW }),
  ])
})

describe('private CA', () => {
  const ws = new OpensslWorkspace()
  let server: { certPem: string; keyPem: string; chainPem: string }
  const path: Record<'root' | 'subCa' | 'server' | 'chain', string> = { root: '', subCa: '', server: '', chain: '' }

  before(async () => {
    server = await issueServerCertificate(ca, { hostNames: HOSTS, now: NOW })
    path.root = ws.write('root.pem', ca.rootCertPem)
    path.subCa = ws.write('subca.pem', ca.subCaCertPem)
    path.server = ws.write('server.pem', server.certPem)
    path.chain = ws.write(`PrivateKmsCA_${INSTANCE_ID}.pem`, caChainFileContents(ca))
  })
  after(() => ws.dispose())

  it('openssl verifies server → second CA → root for TLS server use', () => {
    const ok = ws.run('verify', '-CAfile', path.root, '-untrusted', path.subCa, '-purpose', 'sslserver', path.server)
    assert.equal(ok.status, 0, ok.stderr)
    assert.equal(ok.stdout.trim(), `${path.server}: OK`)
    const withChainFile = ws.run('verify', '-CAfile', path.chain, '-purpose', 'sslserver', path.server)
    assert.equal(withChainFile.status, 0, withChainFile.stderr)
    const subCaOnly = ws.run('verify', '-partial_chain', '-CAfile', path.subCa, path.server)
    assert.equal(subCaOnly.status, 0, subCaOnly.stderr)
    const missingIntermediate = ws.run('verify', '-CAfile', path.root, path.server)
    assert.notEqual(missingIntermediate.status, 0)
    assert.match(missingIntermediate.stderr, /unable to get local issuer certificate/)
  })

  it('names every host in the subjectAltName, and openssl matches them', () => {
    const san = ws.ok('x509', '-in', path.server, '-noout', '-ext', 'subjectAltName')
    assert.equal(
      san.split('\n')[1].trim(),
      `DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:${INSTANCE_HOST}`,
    )
    const verify = (...check: string[]) => ws.run('verify', '-CAfile', path.chain, ...check, path.server).status
    assert.equal(verify('-verify_hostname', 'localhost'), 0)
    assert.equal(verify('-verify_hostname', INSTANCE_HOST), 0)
    assert.equal(verify('-verify_ip', '127.0.0.1'), 0)
    assert.equal(verify('-verify_ip', '::1'), 0)
    assert.notEqual(verify('-verify_hostname', 'evil.example.com'), 0)
    assert.notEqual(verify('-verify_ip', '127.0.0.2'), 0)
  })

  it('has the CA and server profiles (basic constraints, key usage, EKU, key ids, names, validity)', () => {
    const root = ws.ok('x509', '-in', path.root, '-noout', '-text')
    assert.match(root, /Subject: O = openkms, OU = kst-\w+, CN = openkms Private KMS Root CA\n/)
    assert.match(root, /Basic Constraints: critical\n\s+CA:TRUE\n/)
    assert.match(root, /Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/)
    const subCa = ws.ok('x509', '-in', path.subCa, '-noout', '-text')
    assert.match(subCa, /Subject: O = openkms, OU = kst-\w+, CN = openkms Private KMS cn-hangzhou Second CA\n/)
    assert.match(subCa, /Basic Constraints: critical\n\s+CA:TRUE, pathlen:0\n/)
    const srv = ws.ok('x509', '-in', path.server, '-noout', '-text')
    assert.match(srv, /Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/)
    assert.match(srv, /Extended Key Usage: \n\s+TLS Web Server Authentication\n/)
    assert.match(srv, /Basic Constraints: \n\s+CA:FALSE\n/)
    assert.match(srv, /Subject: O = openkms, CN = localhost\n/)
    for (const text of [root, subCa, srv]) {
      assert.equal(text.match(/Signature Algorithm: sha256WithRSAEncryption/g)?.length, 2)
      assert.match(text, /Public-Key: \(2048 bit\)/)
    }
    const keyId = (file: string, ext: string) => ws.ok('x509', '-in', file, '-noout', '-ext', ext).split('\n')[1].trim()
    assert.equal(keyId(path.subCa, 'authorityKeyIdentifier'), keyId(path.root, 'subjectKeyIdentifier'))
    assert.equal(keyId(path.server, 'authorityKeyIdentifier'), keyId(path.subCa, 'subjectKeyIdentifier'))
    const name = (file: string, which: string) =>
      ws.ok('x509', '-in', file, '-noout', which, '-nameopt', 'RFC2253,show_type').replace(/^\w+=/, '')
    assert.equal(name(path.server, '-issuer'), name(path.subCa, '-subject'))
    assert.equal(name(path.subCa, '-issuer'), name(path.root, '-subject'))

    const rootCert = new X509Certificate(ca.rootCertPem)
    const notAfter = new Date(rootCert.validTo)
    assert.equal(notAfter.getUTCFullYear() - NOW.getUTCFullYear(), 20)
    assert.ok(new Date(rootCert.validFrom).getTime() < NOW.getTime())
    assert.equal(new X509Certificate(ca.subCaCertPem).validTo, rootCert.validTo)
    const days = (new Date(new X509Certificate(server.certPem).validTo).getTime() - Math.floor(NOW.getTime() / 1000) * 1000) / 86_400_000
    assert.equal(days, 365)
  })

  it('writes the CA file as root THEN second CA, and serves the second CA as the chain', () => {
    const certs = caChainFileContents(ca).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g)!
    assert.deepEqual(certs, [ca.rootCertPem, ca.subCaCertPem])
    assert.equal(server.chainPem, ca.subCaCertPem)
    assert.match(ws.ok('pkey', '-in', ws.write('server-key.pem', server.keyPem), '-noout', '-text'), /Private-Key: \(2048 bit/)
    assert.ok(new X509Certificate(server.certPem).checkPrivateKey(createPrivateKey(server.keyPem)))
    assert.ok(new X509Certificate(ca.subCaCertPem).checkPrivateKey(createPrivateKey(ca.subCaKeyPem)))
    assert.ok(new X509Certificate(ca.rootCertPem).checkPrivateKey(createPrivateKey(ca.rootKeyPem)))
  })

  describe('TLS handshake (node https, OpenSSL underneath)', () => {
    let tls: Server
    let port: number

    before(async () => {
      tls = createServer({ key: server.keyPem, cert: server.certPem + server.chainPem }, (_req, res) => res.end('ok'))
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve))
      port = (tls.address() as AddressInfo).port
    })
    after(() => new Promise<void>((resolve) => tls.close(() => resolve())))

    /**
     * `anchorAnyCa` emulates Java's PKIX (and Go's x509), which accept any trusted certificate as the end of the
     * chain; OpenSSL by default wants the chain to reach a self-signed root.
     */
    const get = (trusted: string, servername?: string, anchorAnyCa = false) =>
      new Promise<string>((resolve, reject) => {
        const options = { host: '127.0.0.1', port, path: '/', ca: trusted, servername, allowPartialTrustChain: anchorAnyCa, agent: false, timeout: 5000 }
        const req = request(options, (res) => {
          let body = ''
          res.on('data', (chunk: Buffer) => (body += chunk))
          res.on('end', () => resolve(body))
        })
        req.on('timeout', () => req.destroy(new Error('timeout')))
        req.on('error', reject)
        req.end()
      })

    it('succeeds with the CA file (Go, Python, Rust trust every certificate in it)', async () => {
      assert.equal(await get(caChainFileContents(ca), 'localhost'), 'ok')
      assert.equal(await get(caChainFileContents(ca), INSTANCE_HOST), 'ok')
    })

    it('succeeds trusting only the second CA (the Java SDK keeps the 2nd certificate of the file)', async () => {
      assert.equal(await get(ca.subCaCertPem, 'localhost', true), 'ok')
      assert.equal(await get(ca.subCaCertPem, INSTANCE_HOST, true), 'ok')
    })

    it('succeeds trusting only the root, since the server sends the second CA', async () => {
      assert.equal(await get(ca.rootCertPem, 'localhost'), 'ok')
    })

    it('checks an IP address SAN when connecting by IP', async () => {
      assert.equal(await get(caChainFileContents(ca)), 'ok')
    })

    it('fails against another CA and against a name not in the certificate', async () => {
      const untrusted = { code: /^UNABLE_TO_(GET_ISSUER_CERT_LOCALLY|VERIFY_LEAF_SIGNATURE)$/ }
      await assert.rejects(get(caChainFileContents(otherCa), 'localhost'), untrusted)
      await assert.rejects(get(otherCa.subCaCertPem, 'localhost', true), untrusted)
      await assert.rejects(get(otherCa.rootCertPem, 'localhost'), untrusted)
      await assert.rejects(get(caChainFileContents(ca), 'evil.example.com'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' })
      await assert.rejects(get(ca.subCaCertPem, 'evil.example.com', true), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' })
    })
  })
})

describe('issueServerCertificate input checks', () => {
  it('encodes IPv6 forms exactly (node X509Certificate as the second reader)', async () => {
    const hosts = ['2001:db8::8:800:200c:417a', '::', 'fe80::', '1:2:3:4:5:6:7:8', 'KST.Example.COM']
    const { certPem } = await issueServerCertificate(ca, { hostNames: hosts, now: NOW })
    assert.equal(
      new X509Certificate(certPem).subjectAltName,
      'IP Address:2001:DB8:0:0:8:800:200C:417A, IP Address:0:0:0:0:0:0:0:0, IP Address:FE80:0:0:0:0:0:0:0, ' +
        'IP Address:1:2:3:4:5:6:7:8, DNS:kst.example.com',
    )
    assert.match(new X509Certificate(certPem).subject, /CN=kst\.example\.com/)
  })

  it('rejects bad host names, bad validity and an inconsistent or expired CA', async () => {
    const issue = (hostNames: string[], extra: { validDays?: number; now?: Date; ca?: CaBundle } = {}) =>
      issueServerCertificate(extra.ca ?? ca, { hostNames, now: extra.now ?? NOW, validDays: extra.validDays })
    await assert.rejects(issue([]), /at least one host name/)
    for (const bad of ['bad_host', '-a.example', 'a..b', 'example.com.', '*.example.com', 'a'.repeat(64) + '.com', 'x y']) {
      await assert.rejects(issue([bad]), /neither a DNS name nor an IP address/, bad)
    }
    await assert.rejects(issue(['::ffff:1.2.3.4']), /IPv6 address/)
    await assert.rejects(issue(['localhost'], { validDays: 0 }), /validDays/)
    await assert.rejects(issue(['localhost'], { validDays: 1.5 }), /validDays/)
    await assert.rejects(issue(['localhost'], { ca: { ...ca, subCaKeyPem: otherCa.subCaKeyPem } }), /inconsistent/)
    const leaf = await issue(['localhost'])
    await assert.rejects(issue(['localhost'], { ca: { ...ca, subCaCertPem: leaf.certPem, subCaKeyPem: leaf.keyPem } }), /inconsistent/)
    const caEnd = new Date(new X509Certificate(ca.subCaCertPem).validTo)
    await assert.rejects(issue(['localhost'], { now: caEnd }), /expired/)
  })

  it('clips the validity to the second CA', async () => {
    const caEnd = new Date(new X509Certificate(ca.subCaCertPem).validTo)
    const { certPem } = await issueServerCertificate(ca, { hostNames: ['localhost'], now: new Date(caEnd.getTime() - 10 * 86_400_000) })
    assert.equal(new X509Certificate(certPem).validTo, new X509Certificate(ca.subCaCertPem).validTo)
  })

  it('rejects names too long for the CA subject', async () => {
    await assert.rejects(createPrivateCa({ instanceId: INSTANCE_ID, region: 'r'.repeat(40), now: NOW }), /CN must be 1 to 64/)
    await assert.rejects(createPrivateCa({ instanceId: '', region: 'cn-hangzhou', now: NOW }), /OU must be 1 to 64/)
  })
})
