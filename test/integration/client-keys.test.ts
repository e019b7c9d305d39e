/**
 * Client keys through the official SDKs, with the PKCS#12 and certificate checked by OpenSSL and Node's TLS, and
 * the database file scanned to prove the private key and its password never reach it.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import { createSecureContext } from 'node:tls'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, callPop, failure, type Endpoint } from '../support/sdk.js'
import { withOpenssl } from '../support/openssl.js'

const KEY_USER = 'RbacPermission/Template/CryptoServiceKeyUser'
const PASSWORD = 'bcfefe15-46f0_Kq'
const NOT_BEFORE = '2023-08-31T17:14:33Z'
const NOT_AFTER = '2028-08-31T17:14:33Z'
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/** openssl's `notBefore=Aug 31 17:14:33 2023 GMT` → ISO seconds. */
const opensslDate = (line: string) => new Date(line.split('=')[1] as string).toISOString().replace('.000Z', 'Z')

describe('client keys via the official SDKs', () => {
  let app: TestApp
  let ep: Endpoint
  let created: Record<string, string>
  const v3 = (action: string, query: Record<string, string>, method: 'GET' | 'POST' = 'POST') =>
    callV3(ep, action, query, { method }).then((r) => r.body as Record<string, unknown>)
  const refused = async (action: string, query: Record<string, string>, code: string, status: number, message?: RegExp) => {
    const f = await failure(callV3(ep, action, query, { method: action === 'GetClientKey' || action === 'ListClientKeys' ? 'GET' : 'POST' }))
    assert.deepEqual([f.code, f.status], [code, status], `${action}: ${f.message}`)
    if (message) assert.match(f.message, message)
    return f
  }

  before(async () => {
    app = await startTestApp()
    ep = { endpoint: app.endpoint, ...TEST_AK }
    await v3('CreatePolicy', { Name: 'ck-policy', Permissions: `["${KEY_USER}"]`, Resources: '["key/*"]' })
    await v3('CreateApplicationAccessPoint', { Name: 'aap_test', Policies: '["ck-policy"]' })
    created = (await v3('CreateClientKey', { AapName: 'aap_test', Password: PASSWORD, NotBefore: NOT_BEFORE, NotAfter: NOT_AFTER })) as Record<string, string>
  })
  after(async () => app.stop())

  it('CreateClientKey answers exactly as documented', () => {
    assert.deepEqual(Object.keys(created).sort(), ['ClientKeyId', 'KeyAlgorithm', 'NotAfter', 'NotBefore', 'PrivateKeyData', 'RequestId'])
    assert.match(created.ClientKeyId as string, /^KAAP\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    assert.deepEqual([created.KeyAlgorithm, created.NotBefore, created.NotAfter], ['RSA_2048', NOT_BEFORE, NOT_AFTER])
    assert.match(created.PrivateKeyData as string, /^MII[A-Za-z0-9+/]+={0,2}$/)
  })

  it('GetClientKey (GET, V3 and pop-core) and ListClientKeys return the certificate the PKCS#12 holds', async () => {
    const got = await v3('GetClientKey', { ClientKeyId: created.ClientKeyId as string }, 'GET')
    assert.deepEqual(
      { ...got, RequestId: undefined, CreateTime: undefined, PublicKeyData: undefined },
      { RequestId: undefined, CreateTime: undefined, PublicKeyData: undefined, ClientKeyId: created.ClientKeyId, AapName: 'aap_test', KeyAlgorithm: 'RSA_2048', KeyOrigin: 'KMS_PROVIDED', NotBefore: NOT_BEFORE, NotAfter: NOT_AFTER },
    )
    assert.match(got.CreateTime as string, UTC)
    assert.ok(Math.abs(Date.parse(got.CreateTime as string) - Date.now()) < 10 * 60_000)
    const pem = got.PublicKeyData as string
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/)
    const viaPop = await callPop(ep, 'GetClientKey', { ClientKeyId: created.ClientKeyId }, 'GET')
    assert.equal(viaPop.PublicKeyData, pem)

    const listed = await v3('ListClientKeys', { AapName: 'aap_test' }, 'GET')
    assert.ok(Array.isArray(listed.ClientKeys), 'ClientKeys is a plain array')
    assert.deepEqual(listed.ClientKeys, [{ ...got, RequestId: undefined }].map(({ RequestId: _, ...rest }) => rest))
    const all = await callPop(ep, 'ListClientKeys', {}, 'GET')
    assert.ok((all.ClientKeys as Array<{ ClientKeyId: string }>).some((k) => k.ClientKeyId === created.ClientKeyId))

    const cert = new X509Certificate(pem)
    assert.equal(cert.subject.split('\n').find((l) => l.startsWith('CN=')), `CN=${app.runtime.instanceId}-client`)
  })

  it('the PKCS#12 opens with openssl (no -legacy) and the password only; key, certificate and validity agree', async () => {
    const pem = (await v3('GetClientKey', { ClientKeyId: created.ClientKeyId as string }, 'GET')).PublicKeyData as string
    withOpenssl((dir) => {
      const p12 = dir.put('client.p12', Buffer.from(created.PrivateKeyData as string, 'base64'))
      const keyOut = dir.run(['pkcs12', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nocerts', '-nodes', '-out', 'key.pem'])
      assert.ok(keyOut.ok, keyOut.stderr)
      const certOut = dir.run(['pkcs12', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nokeys', '-clcerts', '-out', 'cert.pem'])
      assert.ok(certOut.ok, certOut.stderr)
      for (const wrong of ['bcfefe15-46f0_Kx', '', PASSWORD.toUpperCase()]) {
        const bad = dir.run(['pkcs12', '-in', p12, '-passin', `pass:${wrong}`, '-nocerts', '-nodes'])
        assert.equal(bad.ok, false, `password ${JSON.stringify(wrong)} must not open it`)
        assert.match(bad.stderr, /mac verify failure|invalid password/i)
      }
      const fromKey = dir.run(['pkey', '-in', 'key.pem', '-pubout']).stdout
      const fromCert = dir.run(['x509', '-in', 'cert.pem', '-noout', '-pubkey']).stdout
      assert.ok(fromKey.includes('BEGIN PUBLIC KEY'))
      assert.equal(fromKey, fromCert, 'the private key matches the certificate')
      assert.match(dir.run(['pkey', '-in', 'key.pem', '-noout', '-text']).stdout, /Private-Key: \(2048 bit/)
      const stored = dir.put('stored.pem', pem)
      const derStored = dir.run(['x509', '-in', stored, '-outform', 'DER', '-out', 'stored.der'])
      const derP12 = dir.run(['x509', '-in', 'cert.pem', '-outform', 'DER', '-out', 'p12.der'])
      assert.ok(derStored.ok && derP12.ok)
      assert.ok(dir.read('stored.der').equals(dir.read('p12.der')), 'GetClientKey returns the certificate inside the PKCS#12')
      const dates = dir.run(['x509', '-in', stored, '-noout', '-startdate', '-enddate']).stdout.trim().split('\n')
      assert.deepEqual(dates.map(opensslDate), [NOT_BEFORE, NOT_AFTER])
      const signed = dir.run(['dgst', '-sha256', '-sign', 'key.pem', '-out', 'sig.bin', stored])
      const verified = dir.run(['dgst', '-sha256', '-verify', dir.put('pub.pem', fromCert), '-signature', 'sig.bin', stored])
      assert.ok(signed.ok && verified.ok, 'the extracted key signs what the certificate verifies')
    })
    const pfx = Buffer.from(created.PrivateKeyData as string, 'base64')
    assert.doesNotThrow(() => createSecureContext({ pfx, passphrase: PASSWORD }))
    assert.throws(() => createSecureContext({ pfx, passphrase: 'wrong-password-1' }), /mac verify failure/i)
  })

  it('defaults the validity to now .. now + 5 years', async () => {
    const r = (await v3('CreateClientKey', { AapName: 'aap_test', Password: 'abcdefgh1' })) as Record<string, string>
    const from = new Date(r.NotBefore as string)
    assert.ok(Math.abs(from.getTime() - Date.now()) < 10 * 60_000)
    const to = new Date(from)
    to.setUTCFullYear(to.getUTCFullYear() + 5)
    assert.equal(r.NotAfter, to.toISOString().replace('.000Z', 'Z'))
    const cert = new X509Certificate((await v3('GetClientKey', { ClientKeyId: r.ClientKeyId as string }, 'GET')).PublicKeyData as string)
    assert.equal(new Date(cert.validTo).toISOString().replace('.000Z', 'Z'), r.NotAfter)
    await v3('DeleteClientKey', { ClientKeyId: r.ClientKeyId as string })
    await refused('GetClientKey', { ClientKeyId: r.ClientKeyId as string }, 'Forbidden.ResourceNotFound', 404, /client key KAAP\./)
  })

  it('refuses hostile requests with exact codes and creates nothing', async () => {
    const before = ((await v3('ListClientKeys', {}, 'GET')).ClientKeys as unknown[]).length
    const q = { AapName: 'aap_test', Password: PASSWORD }
    await refused('CreateClientKey', { AapName: 'aap_test' }, 'MissingParameter', 400, /"Password"/)
    await refused('CreateClientKey', { Password: PASSWORD }, 'MissingParameter', 400, /"AapName"/)
    for (const pw of ['short1', 'abcdefghijk', '12345678901', 'with space 1', 'plus+sign1', 'ü-umlaut-1', 'x1'.repeat(33)]) {
      const f = await refused('CreateClientKey', { ...q, Password: pw }, 'InvalidParameter', 400, /"Password"/)
      assert.ok(!f.message.includes(pw), 'the error does not echo the password')
    }
    await refused('CreateClientKey', { ...q, NotBefore: NOT_BEFORE }, 'MissingParameter', 400, /"NotAfter"/)
    await refused('CreateClientKey', { ...q, NotAfter: NOT_AFTER }, 'MissingParameter', 400, /"NotBefore"/)
    await refused('CreateClientKey', { ...q, NotBefore: '2023-08-31 17:14:33', NotAfter: NOT_AFTER }, 'InvalidParameter', 400, /"NotBefore"/)
    await refused('CreateClientKey', { ...q, NotBefore: NOT_BEFORE, NotAfter: '2028-02-30T00:00:00Z' }, 'InvalidParameter', 400, /"NotAfter"/)
    await refused('CreateClientKey', { ...q, NotBefore: NOT_AFTER, NotAfter: NOT_BEFORE }, 'InvalidParameter', 400, /"NotAfter"/)
    await refused('CreateClientKey', { ...q, AapName: 'no_such_aap' }, 'Forbidden.ResourceNotFound', 404, /application access point no_such_aap/)
    await refused('GetClientKey', { ClientKeyId: 'KAAP.00000000-0000-0000-0000-000000000000' }, 'Forbidden.ResourceNotFound', 404)
    await refused('GetClientKey', {}, 'MissingParameter', 400, /"ClientKeyId"/)
    await refused('DeleteClientKey', { ClientKeyId: 'KAAP.00000000-0000-0000-0000-000000000000' }, 'Forbidden.ResourceNotFound', 404)
    await refused('ListClientKeys', { AapName: 'no_such_aap' }, 'Forbidden.ResourceNotFound', 404)
    assert.equal(((await v3('ListClientKeys', {}, 'GET')).ClientKeys as unknown[]).length, before)
  })

  it('allows three client keys per AAP, and deleting the AAP deletes its keys', async () => {
    await v3('CreateApplicationAccessPoint', { Name: 'aap_quota', Policies: '["ck-policy"]' })
    const ids = await Promise.all([1, 2, 3, 4].map((i) => v3('CreateClientKey', { AapName: 'aap_quota', Password: `quota-pass-${i}` }).then(
      (r) => r.ClientKeyId as string,
      (e: { data?: { Code?: string }; statusCode?: number }) => `${e.data?.Code}/${e.statusCode}`,
    )))
    assert.deepEqual(ids.filter((id) => !id.startsWith('KAAP.')), ['Rejected.LimitExceeded/400'], 'exactly one of four concurrent creations is refused')
    const listed = (await v3('ListClientKeys', { AapName: 'aap_quota' }, 'GET')).ClientKeys as Array<{ ClientKeyId: string; CreateTime: string }>
    assert.deepEqual(listed.map((k) => k.ClientKeyId).sort(), ids.filter((id) => id.startsWith('KAAP.')).sort())
    await v3('DeleteApplicationAccessPoint', { Name: 'aap_quota' })
    for (const k of listed) await refused('GetClientKey', { ClientKeyId: k.ClientKeyId }, 'Forbidden.ResourceNotFound', 404)
  })

  it('never stores the private key or the password: the database files do not contain them', async () => {
    const pw = 'Unique-Needle_7391'
    const r = (await v3('CreateClientKey', { AapName: 'aap_test', Password: pw })) as Record<string, string>
    const secrets = withOpenssl((dir) => {
      const p12 = dir.put('n.p12', Buffer.from(r.PrivateKeyData as string, 'base64'))
      assert.ok(dir.run(['pkcs12', '-in', p12, '-passin', `pass:${pw}`, '-nocerts', '-nodes', '-out', 'k.pem']).ok)
      assert.ok(dir.run(['pkey', '-in', 'k.pem', '-outform', 'DER', '-out', 'k.der']).ok)
      assert.ok(dir.run(['rsa', '-in', 'k.pem', '-traditional', '-outform', 'DER', '-out', 'k1.der']).ok)
      const pemBody = dir.read('k.pem').toString().split('\n').filter((l) => l && !l.startsWith('-----') && !l.includes(':'))
      return { pkcs8: dir.read('k.der'), pkcs1: dir.read('k1.der'), pemLine: pemBody[3] as string }
    })
    const p12 = Buffer.from(r.PrivateKeyData as string, 'base64')
    const needles: Array<[string, Buffer]> = [
      ['password (UTF-8)', Buffer.from(pw, 'utf8')],
      ['password (UTF-16LE)', Buffer.from(pw, 'utf16le')],
      ['password (UTF-16BE, as PKCS#12 encodes it)', Buffer.from(pw, 'utf16le').swap16()],
      ['PKCS#8 private key (middle 64 bytes)', secrets.pkcs8.subarray(100, 164)],
      ['PKCS#1 private key (middle 64 bytes)', secrets.pkcs1.subarray(100, 164)],
      ['PEM body line of the private key', Buffer.from(secrets.pemLine)],
      ['PKCS#12 (middle 64 bytes)', p12.subarray(1000, 1064)],
      ['PrivateKeyData (base64 excerpt)', Buffer.from((r.PrivateKeyData as string).slice(400, 480))],
    ]
    const files = readdirSync(app.dataDir).filter((f) => f.startsWith('openkms.db'))
    assert.ok(files.includes('openkms.db'))
    const cert = new X509Certificate((await v3('GetClientKey', { ClientKeyId: r.ClientKeyId as string }, 'GET')).PublicKeyData as string)
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(app.dataDir, f))))
    assert.ok(bytes.includes(Buffer.from(cert.raw.toString('base64').slice(0, 64))), 'the scan does find what is stored (the certificate)')
    for (const [what, needle] of needles) assert.equal(bytes.indexOf(needle), -1, `${what} must not be in ${files.join(', ')}`)
  })
})
