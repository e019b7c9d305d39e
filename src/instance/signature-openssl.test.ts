import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { makeClientKey } from '../../test/instance/fixtures.js'
import { independentlySignedRequest } from '../../test/instance/independent-signer.js'
import { signStringToSign, signedRequestHeaders } from '../instance-client/request-signer.js'
import { INSTANCE_API_NAMES } from '../instance-wire/proto.js'
import { instanceStringToSign } from '../instance-wire/string-to-sign.js'
import { verifyInstanceRequest } from './verify-request.js'

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0)
const key = makeClientKey()
const tmp = mkdtempSync(join(tmpdir(), 'openkms-openssl-'))
after(() => rmSync(tmp, { recursive: true, force: true }))
writeFileSync(join(tmp, 'pub.pem'), key.publicKeyPem)
writeFileSync(join(tmp, 'key.pem'), key.privateKeyPem)

const run = (args: string[]) => execFileSync('openssl', args, { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const deps = {
  now: () => NOW,
  knownApis: INSTANCE_API_NAMES,
  lookupClientKey: async (id: string) =>
    id === 'KAAP.good' ? { certificatePem: key.certificatePem, notBefore: 0, notAfter: NOW + 1000 } : undefined,
}

describe('second opinion on instance-API signatures: openssl 3', () => {
  it("verifies a signature made by openkms's client signer, and not one over another string", () => {
    const body = Buffer.from('0820', 'hex')
    const headers = signedRequestHeaders({
      apiName: 'GenerateRandom', body, clientKeyId: 'KAAP.good', privateKey: key.privateKey, host: 'h:1', now: NOW, userAgent: 't',
    })
    const sts = instanceStringToSign({
      method: 'POST', contentSha256: headers['content-sha256'], contentType: headers['content-type'], date: headers.date, headers,
    })
    const signature = headers.authorization!.replace(/^Bearer /, '')
    assert.equal(signature, signStringToSign(key.privateKey, sts))
    writeFileSync(join(tmp, 'sts.txt'), sts)
    writeFileSync(join(tmp, 'sig.bin'), Buffer.from(signature, 'base64'))
    assert.match(run(['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'sts.txt']), /Verified OK/)
    writeFileSync(join(tmp, 'sts.txt'), sts.replace('GenerateRandom', 'Encrypt'))
    assert.throws(() => run(['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'sts.txt']))
  })

  it('accepts a request whose signature openssl dgst -sign made', async () => {
    const req = independentlySignedRequest({
      keyPem: key.privateKeyPem, keyId: 'KAAP.good', apiName: 'GenerateRandom', body: Buffer.alloc(0), date: new Date(NOW).toUTCString(),
    })
    writeFileSync(join(tmp, 'sts2.txt'), req.stringToSign)
    run(['dgst', '-sha256', '-sign', 'key.pem', '-out', 'sig2.bin', 'sts2.txt'])
    req.headers.authorization = `Bearer ${readFileSync(join(tmp, 'sig2.bin')).toString('base64')}`
    assert.deepEqual(await verifyInstanceRequest(req, deps), { apiName: 'GenerateRandom', clientKeyId: 'KAAP.good' })
  })
})
