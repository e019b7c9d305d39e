/**
 * A minimal instance-API signer written from spec/kms-instance-api.md §1 alone, sharing no code with openkms,
 * so the verifier is tested against a second reading of the protocol and not only against its own client.
 */
import { createHash, createSign } from 'node:crypto'

export function independentlySignedRequest(opts: { keyPem: string; keyId: string; apiName: string; body: Buffer; date: string }) {
  const sha = createHash('sha256').update(opts.body).digest('hex').toUpperCase()
  const stringToSign = [
    'POST',
    sha,
    'application/x-protobuf',
    opts.date,
    `x-kms-acccesskeyid:${opts.keyId}`,
    `x-kms-apiname:${opts.apiName}`,
    'x-kms-apiversion:dkms-gcs-0.2',
    'x-kms-signaturemethod:RSA_PKCS1_SHA_256',
    '/',
  ].join('\n')
  const signature = createSign('RSA-SHA256').update(stringToSign).sign(opts.keyPem, 'base64')
  const headers: Record<string, string | undefined> = {
    accept: 'application/x-protobuf',
    host: 'kst-test.cryptoservice.kms.aliyuncs.com',
    date: opts.date,
    'x-kms-apiversion': 'dkms-gcs-0.2',
    'x-kms-apiname': opts.apiName,
    'x-kms-signaturemethod': 'RSA_PKCS1_SHA_256',
    'x-kms-acccesskeyid': opts.keyId,
    'content-type': 'application/x-protobuf',
    'content-length': String(opts.body.length),
    'content-sha256': sha,
    authorization: `Bearer ${signature}`,
  }
  return { method: 'POST', headers, body: opts.body, stringToSign }
}
