import assert from 'node:assert/strict'
import { X509Certificate, createPrivateKey, randomBytes, sign, verify } from 'node:crypto'
import { createSecureContext } from 'node:tls'
import { after, before, describe, it } from 'node:test'
import { issueClientKey, loadClientKeyPkcs12, parseCertificatePem, type IssuedClientKey } from './client-key.js'
import { OpensslWorkspace } from '../../../test/support/openssl-workspace.js'

const PASSWORD = 'bcfefe15-46f0_Ab!'
const NOT_BEFORE = new Date('2024-08-31T17:14:33Z')
const NOT_AFTER = new Date('2034-08-31T17:14:33Z')
const CN = 'kst-hzz65f1a2b3c4d5e6f7g8-client'

let issued: IssuedClientKey
before(async () => {
  issued = await issueClientKey({ password: PASSWORD, notBefore: NOT_BEFORE, notAfter: NOT_AFTER, subjectCommonName: CN })
})

describe('issueClientKey', () => {
  const ws = new OpensslWorkspace()
  let p12Path: string
  let certPath: string

  before(() => {
    p12Path = ws.write('f.p12', Buffer.from(issued.pkcs12Base64, 'base64'))
    certPath = ws.write('cert.pem', issued.certificatePem)
  })
  after(() => ws.dispose())

  it('returns only the PKCS#12 and the certificate', () => {
    assert.deepEqual(Object.keys(issued).sort(), ['certificatePem', 'pkcs12Base64'])
    assert.match(issued.certificatePem, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/)
    assert.doesNotMatch(issued.certificatePem, /PRIVATE KEY/)
  })

  it('openssl 3 extracts key and certificate without -legacy, and rejects a wrong password', () => {
    const out = ws.ok('pkcs12', '-in', p12Path, '-passin', `pass:${PASSWORD}`, '-nodes')
    assert.equal(out.match(/-----BEGIN PRIVATE KEY-----/g)?.length, 1)
    assert.equal(out.match(/-----BEGIN CERTIFICATE-----/g)?.length, 1)
    const wrong = ws.run('pkcs12', '-in', p12Path, '-passin', 'pass:wrong-password-1', '-nodes')
    assert.notEqual(wrong.status, 0)
    assert.match(wrong.stderr, /mac verify/i)
    assert.doesNotMatch(wrong.stdout, /PRIVATE KEY/)
  })

  it('has the layout every SDK loader accepts: SHA-1 MAC, cert bag first, one 3DES shrouded key bag', () => {
    const info = ws.run('pkcs12', '-in', p12Path, '-passin', `pass:${PASSWORD}`, '-info', '-nodes')
    assert.equal(info.status, 0, info.stderr)
    assert.deepEqual(info.stderr.trim().split('\n'), [
      'MAC: sha1, Iteration 2048',
      'MAC length: 20, salt length: 8',
      'PKCS7 Data',
      'Certificate bag',
      'PKCS7 Data',
      'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
    ])
    const attributeBlocks = info.stdout.split('Bag Attributes').slice(1).map((b) => b.split(/\n(?=\S)/)[0])
    assert.equal(attributeBlocks.length, 2)
    for (const block of attributeBlocks) assert.match(block.trim(), /^localKeyID: [0-9A-F ]+$/)
    assert.match(info.stdout, /Key Attributes: <No Attributes>/)
  })

  it('holds a key whose modulus is the certificate modulus, and the same certificate', () => {
    const out = ws.ok('pkcs12', '-in', p12Path, '-passin', `pass:${PASSWORD}`, '-nodes')
    const keyPath = ws.write('extracted-key.pem', out.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/)![0])
    const extractedCert = out.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/)![0]
    assert.equal(extractedCert, issued.certificatePem)
    const keyModulus = ws.ok('rsa', '-in', keyPath, '-noout', '-modulus')
    assert.equal(keyModulus, ws.ok('x509', '-in', certPath, '-noout', '-modulus'))
    assert.match(keyModulus, /^Modulus=[0-9A-F]{512}\n$/)
  })

  it('is a self-signed X.509 v3 certificate with the client-key profile', () => {
    assert.equal(ws.ok('verify', '-CAfile', certPath, certPath).trim(), `${certPath}: OK`)
    const text = ws.ok('x509', '-in', certPath, '-noout', '-text')
    assert.match(text, /Version: 3 \(0x2\)/)
    assert.equal(text.match(/Signature Algorithm: sha256WithRSAEncryption/g)?.length, 2)
    assert.match(text, /Public-Key: \(2048 bit\)/)
    assert.match(text, /Exponent: 65537/)
    assert.deepEqual(text.match(/X509v3 [A-Za-z ]+:.*/g), ['X509v3 extensions:', 'X509v3 Key Usage: critical'])
    assert.match(text, /X509v3 Key Usage: critical\n\s+Digital Signature\n/)
    const subject = 'C=CN, ST=Zhejiang, L=Hangzhou, O=openkms, OU=openkms, CN=' + CN
    assert.equal(ws.ok('x509', '-in', certPath, '-noout', '-subject', '-nameopt', 'sep_comma_plus_space').trim(), `subject=${subject}`)
    assert.equal(ws.ok('x509', '-in', certPath, '-noout', '-issuer', '-nameopt', 'sep_comma_plus_space').trim(), `issuer=${subject}`)
    assert.match(ws.ok('x509', '-in', certPath, '-noout', '-serial'), /^serial=[4-7][0-9A-F]{31}\n$/)
    assert.equal(ws.ok('x509', '-in', certPath, '-noout', '-startdate').trim(), 'notBefore=Aug 31 17:14:33 2024 GMT')
    assert.equal(ws.ok('x509', '-in', certPath, '-noout', '-enddate').trim(), 'notAfter=Aug 31 17:14:33 2034 GMT')
  })

  it('is rejected by openssl outside its validity period', () => {
    const afterEnd = String(NOT_AFTER.getTime() / 1000 + 1)
    const beforeStart = String(NOT_BEFORE.getTime() / 1000 - 1)
    const verifyAt = (t: string) => ws.run('verify', '-attime', t, '-CAfile', certPath, certPath)
    assert.match(verifyAt(afterEnd).stderr, /certificate has expired/)
    assert.match(verifyAt(beforeStart).stderr, /certificate is not yet valid/)
    assert.equal(verifyAt(String(NOT_AFTER.getTime() / 1000 - 1)).status, 0)
  })

  it('loads in node tls with the password and fails with a wrong one', () => {
    const pfx = Buffer.from(issued.pkcs12Base64, 'base64')
    assert.doesNotThrow(() => createSecureContext({ pfx, passphrase: PASSWORD }))
    assert.throws(() => createSecureContext({ pfx, passphrase: 'wrong-password-1' }), /mac verify failure/)
  })

  it('parseCertificatePem agrees with openssl and node X509Certificate', () => {
    const parsed = parseCertificatePem(issued.certificatePem)
    assert.equal(parsed.notBefore.toISOString(), NOT_BEFORE.toISOString())
    assert.equal(parsed.notAfter.toISOString(), NOT_AFTER.toISOString())
    assert.equal(`serial=${parsed.serialHex.toUpperCase()}\n`, ws.ok('x509', '-in', certPath, '-noout', '-serial'))
    assert.equal(parsed.serialHex.length, 32)
    const opensslSpki = ws.ok('x509', '-in', certPath, '-noout', '-pubkey')
    assert.equal(parsed.publicKey.export({ type: 'spki', format: 'pem' }), opensslSpki)
    assert.ok(new X509Certificate(issued.certificatePem).verify(parsed.publicKey))
    assert.throws(() => parseCertificatePem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), /not a PEM X.509/)
    assert.throws(() => parseCertificatePem('hello'), /not a PEM X.509/)
  })

  it('signs: openssl-extracted key → node verify, and loader key → openssl verify', () => {
    const data = randomBytes(100)
    const dataPath = ws.write('data.bin', data)
    const out = ws.ok('pkcs12', '-in', p12Path, '-passin', `pass:${PASSWORD}`, '-nodes', '-nocerts')
    const keyPath = ws.write('k.pem', out.slice(out.indexOf('-----BEGIN PRIVATE KEY-----')))
    const sigPath = `${ws.dir}/openssl.sig`
    ws.ok('dgst', '-sha256', '-sign', keyPath, '-out', sigPath, dataPath)
    const opensslSig = ws.ok('base64', '-A', '-in', sigPath)
    const { publicKey } = parseCertificatePem(issued.certificatePem)
    assert.ok(verify('sha256', data, publicKey, Buffer.from(opensslSig, 'base64')))
    assert.ok(!verify('sha256', Buffer.concat([data, Buffer.of(0)]), publicKey, Buffer.from(opensslSig, 'base64')))

    const loaded = loadClientKeyPkcs12(issued.pkcs12Base64, PASSWORD)
    const ourSig = sign('sha256', data, createPrivateKey(loaded.privateKeyPem))
    const ourSigPath = ws.write('ours.sig', ourSig)
    const pubPath = ws.write('pub.pem', ws.ok('x509', '-in', certPath, '-noout', '-pubkey'))
    assert.match(ws.ok('dgst', '-sha256', '-verify', pubPath, '-signature', ourSigPath, dataPath), /Verified OK/)
  })

  it('keeps the private key out of everything but the encrypted PKCS#12', () => {
    const { privateKeyPem } = loadClientKeyPkcs12(issued.pkcs12Base64, PASSWORD)
    const jwk = createPrivateKey(privateKeyPem).export({ format: 'jwk' })
    const der = Buffer.from(issued.pkcs12Base64, 'base64')
    for (const secret of [jwk.d, jwk.p, jwk.q]) {
      const bytes = Buffer.from(secret!, 'base64url')
      assert.equal(der.indexOf(bytes.subarray(0, 32)), -1)
      assert.equal(Buffer.from(issued.certificatePem).indexOf(bytes.subarray(0, 32)), -1)
    }
  })

  it('validates its inputs', async () => {
    const base = { password: PASSWORD, notBefore: NOT_BEFORE, notAfter: NOT_AFTER, subjectCommonName: CN }
    await assert.rejects(issueClientKey({ ...base, notAfter: NOT_BEFORE }), /notAfter must be after notBefore/)
    await assert.rejects(issueClientKey({ ...base, notAfter: new Date(NaN) }), /invalid date/)
    await assert.rejects(issueClientKey({ ...base, password: 'pässwörd-123' }), /printable ASCII/)
    await assert.rejects(issueClientKey({ ...base, password: '' }), /printable ASCII/)
    await assert.rejects(issueClientKey({ ...base, subjectCommonName: 'x'.repeat(65) }), /CN must be 1 to 64/)
  })

  it('drops milliseconds from the validity (X.509 times are whole seconds)', async () => {
    const k = await issueClientKey({
      password: PASSWORD,
      notBefore: new Date('2025-01-01T00:00:00.999Z'),
      notAfter: new Date('2055-01-01T00:00:00.500Z'),
      subjectCommonName: CN,
    })
    const cert = new X509Certificate(k.certificatePem)
    assert.equal(new Date(cert.validFrom).toISOString(), '2025-01-01T00:00:00.000Z')
    assert.equal(new Date(cert.validTo).toISOString(), '2055-01-01T00:00:00.000Z')
    assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048)
  })
})

describe('loadClientKeyPkcs12', () => {
  const ws = new OpensslWorkspace()
  let keyPath: string
  let certPath: string

  before(() => {
    const out = ws.ok('pkcs12', '-in', ws.write('ours.p12', Buffer.from(issued.pkcs12Base64, 'base64')), '-passin', `pass:${PASSWORD}`, '-nodes', '-nocerts')
    keyPath = ws.write('key.pem', out.slice(out.indexOf('-----BEGIN PRIVATE KEY-----')))
    certPath = ws.write('cert.pem', issued.certificatePem)
  })
  after(() => ws.dispose())

  const opensslP12 = (...profile: string[]): string => {
    const out = `${ws.dir}/export-${profile.join('_').replace(/\W/g, '')}.p12`
    ws.ok('pkcs12', '-export', '-in', certPath, '-inkey', keyPath, '-passout', `pass:${PASSWORD}`, '-out', out, ...profile)
    return ws.ok('base64', '-A', '-in', out)
  }

  it('returns the PKCS#8 key openssl extracts and the issued certificate', () => {
    const loaded = loadClientKeyPkcs12(issued.pkcs12Base64, PASSWORD)
    assert.equal(loaded.certificatePem, issued.certificatePem)
    assert.match(loaded.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/)
    const fromOpenssl = createPrivateKey(ws.ok('pkey', '-in', keyPath))
    assert.ok(createPrivateKey(loaded.privateKeyPem).equals(fromOpenssl))
  })

  it('reads files written by openssl: Alibaba-style RC2-40 (-legacy), 3DES, and the OpenSSL 3 default', () => {
    const expected = createPrivateKey(ws.ok('pkey', '-in', keyPath))
    for (const profile of [['-legacy'], ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], []]) {
      const loaded = loadClientKeyPkcs12(opensslP12(...profile), PASSWORD)
      assert.ok(createPrivateKey(loaded.privateKeyPem).equals(expected), profile.join(' '))
      assert.equal(loaded.certificatePem, issued.certificatePem)
    }
  })

  it('says "wrong password" when the MAC does not verify', () => {
    assert.throws(() => loadClientKeyPkcs12(issued.pkcs12Base64, 'wrong-password-1'), /wrong password/)
    assert.throws(() => loadClientKeyPkcs12(opensslP12('-legacy'), ''), /wrong password/)
  })

  it('rejects hostile or broken input with a clear error', () => {
    assert.throws(() => loadClientKeyPkcs12('', PASSWORD), /not base64/)
    assert.throws(() => loadClientKeyPkcs12('%%%%', PASSWORD), /not base64/)
    const der = Buffer.from(issued.pkcs12Base64, 'base64')
    assert.throws(() => loadClientKeyPkcs12(der.subarray(0, der.length - 40).toString('base64'), PASSWORD), /cannot be read/)
    const flipped = Buffer.from(der)
    flipped[flipped.length - 60] ^= 0x01
    assert.throws(() => loadClientKeyPkcs12(flipped.toString('base64'), PASSWORD), /client key PKCS#12/)
    assert.throws(() => loadClientKeyPkcs12(randomBytes(64).toString('base64'), PASSWORD), /cannot be read/)
    const noKey = opensslP12('-nokeys')
    assert.throws(() => loadClientKeyPkcs12(noKey, PASSWORD), /exactly one readable private key, found 0/)
  })

  it('rejects a PKCS#12 whose certificate does not belong to its key', () => {
    const otherKey = ws.write('other.pem', ws.ok('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'))
    const out = `${ws.dir}/mismatch.p12`
    ws.ok('pkcs12', '-export', '-inkey', otherKey, '-nocerts', '-certfile', certPath, '-passout', `pass:${PASSWORD}`, '-out', out)
    assert.match(ws.run('pkcs12', '-in', out, '-passin', `pass:${PASSWORD}`, '-info', '-nodes').stderr, /Certificate bag/)
    assert.throws(() => loadClientKeyPkcs12(ws.ok('base64', '-A', '-in', out), PASSWORD), /no certificate matches/)
  })
})
