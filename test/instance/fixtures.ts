/**
 * Test material for the instance API, built directly with node:crypto (RSA keys) and node-forge (X.509,
 * PKCS#12) so the tests do not depend on openkms's own certificate code.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import forge from 'node-forge'

export interface TestClientKey {
  privateKey: KeyObject
  privateKeyPem: string
  publicKeyPem: string
  certificatePem: string
  /** Password-protected PKCS#12 in the profile every Alibaba SDK reads (cert bag first, 3DES key, SHA-1 MAC). */
  pkcs12Base64(password: string): string
}

type Name = forge.pki.CertificateField[]

function rsaKey(): { privateKey: KeyObject; privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

function certificate(opts: {
  subject: Name
  issuer: Name
  publicKeyPem: string
  signerKeyPem: string
  extensions: object[]
  notBefore?: Date
  notAfter?: Date
}): string {
  const cert = forge.pki.createCertificate()
  cert.serialNumber = '01' + forge.util.bytesToHex(forge.random.getBytesSync(15))
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 3600_000)
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 86400_000)
  cert.publicKey = forge.pki.publicKeyFromPem(opts.publicKeyPem)
  cert.setSubject(opts.subject)
  cert.setIssuer(opts.issuer)
  cert.setExtensions(opts.extensions)
  cert.sign(forge.pki.privateKeyFromPem(opts.signerKeyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create())
  return forge.pki.certificateToPem(cert)
}

const cn = (value: string): Name => [{ shortName: 'O', value: 'openkms-test' }, { shortName: 'CN', value }]

/** An RSA-2048 client key and its self-signed certificate, like CreateClientKey's. */
export function makeClientKey(commonName = 'kst-test-client'): TestClientKey {
  const key = rsaKey()
  const certificatePem = certificate({
    subject: cn(commonName),
    issuer: cn(commonName),
    publicKeyPem: key.publicKeyPem,
    signerKeyPem: key.privateKeyPem,
    extensions: [{ name: 'keyUsage', critical: true, digitalSignature: true }],
  })
  return {
    ...key,
    certificatePem,
    pkcs12Base64(password: string) {
      const p12 = forge.pkcs12.toPkcs12Asn1(
        forge.pki.privateKeyFromPem(key.privateKeyPem),
        [forge.pki.certificateFromPem(certificatePem)],
        password,
        { algorithm: '3des' },
      )
      return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64')
    },
  }
}

/**
 * A private CA like Alibaba's (root → sub-CA → server certificate for 127.0.0.1/localhost). `caPem` is the
 * downloadable CA file: root then sub-CA.
 */
export function makeTlsChain(): { caPem: string; serverKeyPem: string; serverCertChainPem: string } {
  const root = rsaKey()
  const sub = rsaKey()
  const server = rsaKey()
  const caExt = [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]
  const rootPem = certificate({
    subject: cn('Test KMS Root CA'),
    issuer: cn('Test KMS Root CA'),
    publicKeyPem: root.publicKeyPem,
    signerKeyPem: root.privateKeyPem,
    extensions: caExt,
  })
  const subPem = certificate({
    subject: cn('Test KMS Second CA'),
    issuer: cn('Test KMS Root CA'),
    publicKeyPem: sub.publicKeyPem,
    signerKeyPem: root.privateKeyPem,
    extensions: caExt,
  })
  const serverPem = certificate({
    subject: cn('kst-test.cryptoservice.kms.aliyuncs.com'),
    issuer: cn('Test KMS Second CA'),
    publicKeyPem: server.publicKeyPem,
    signerKeyPem: sub.privateKeyPem,
    extensions: [
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  })
  return { caPem: rootPem + subPem, serverKeyPem: server.privateKeyPem, serverCertChainPem: serverPem + subPem }
}
