/**
 * Key versions and automatic rotation through the official SDKs, on a real server with an injected clock.
 * Request time stays at T0 (signatures are checked against the server clock); the scheduler is driven with
 * `jobs.runDue(t)`, and keys "created days ago" are made with the key service under an earlier clock.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, failure, type Endpoint } from '../support/sdk.js'
import { ManualClock } from '../../src/domain/clock.js'
import { DAY, formatUtc } from '../../src/domain/time.js'
import type { KeySpec } from '../../src/domain/key-spec.js'
import { createKey } from '../../src/services/keys/keys.js'
import { createKeyVersion } from '../../src/services/keys/key-versions.js'
import { encryptWithKey, decryptBlob } from '../../src/services/crypto/symmetric.js'
import { signWithKey } from '../../src/services/crypto/asymmetric.js'
import { wrapContext } from '../../src/services/keyring.js'
import { withOpenssl, privateKeyPem } from '../support/openssl.js'
import { publicKeyPem } from '../../src/crypto/keygen.js'

const T0 = Math.floor(Date.now() / 1000) * 1000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('key versions and rotation', () => {
  let app: TestApp
  let ep: Endpoint
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any
  before(async () => {
    app = await startTestApp({}, { clock: new ManualClock(T0), jobPeriodMs: 0, keyPoolSize: 1 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    client = kmsClient(ep)
  })
  after(async () => app.stop())

  /** A key whose first version was made `daysAgo` days before T0. */
  const oldKey = (keySpec: KeySpec, daysAgo: number, keyUsage: 'SIGN/VERIFY' | 'ENCRYPT/DECRYPT' = 'SIGN/VERIFY') =>
    createKey(
      { ...app.runtime, clock: new ManualClock(T0 - daysAgo * DAY) },
      { keySpec, keyUsage, origin: 'Aliyun_KMS', description: '', rotationInterval: null, dkmsInstanceId: null, policy: null, tags: [] },
    )
  const versionsOf = async (keyId: string) => (await app.runtime.store.keyVersions.list(keyId, { offset: 0, limit: 1000 })).items
  const describeKey = async (keyId: string) => (await callV3(ep, 'DescribeKey', { KeyId: keyId })).body.KeyMetadata as Record<string, string>

  it('CreateKeyVersion adds an RSA version whose material openssl accepts; the old version keeps signing and verifying', async () => {
    const key = await oldKey('RSA_2048', 8)
    const [v1] = await versionsOf(key.keyId)
    const r = await client.createKeyVersion(new KMS.CreateKeyVersionRequest({ keyId: key.keyId }))
    assert.equal(r.keyVersion.keyId, key.keyId)
    assert.match(r.keyVersion.keyVersionId, UUID)
    assert.equal(r.keyVersion.creationDate, formatUtc(T0))
    const v2 = await app.runtime.store.keyVersions.get(key.keyId, r.keyVersion.keyVersionId)
    assert.ok(v1 && v2?.publicKey && v2.wrappedMaterial)
    assert.equal((await describeKey(key.keyId)).LastRotationDate, formatUtc(T0))
    const digest = createHash('sha256').update('rotated message').digest()
    withOpenssl((dir) => {
      const material = app.runtime.keyring.unwrap(v2.wrappedMaterial as Buffer, wrapContext.keyVersion(v2.keyVersionId))
      dir.put('v2.pem', privateKeyPem(material))
      const text = dir.run(['pkey', '-in', 'v2.pem', '-noout', '-text'])
      assert.ok(text.ok && /2048 bit/.test(text.stdout), text.stderr)
      const derived = dir.run(['pkey', '-in', 'v2.pem', '-pubout', '-outform', 'DER', '-out', 'v2.pub.der'])
      assert.ok(derived.ok, derived.stderr)
      assert.deepEqual(dir.read('v2.pub.der'), v2.publicKey, 'stored public key matches the private key')
      assert.notDeepEqual(v2.publicKey, v1.publicKey)
    })
    for (const v of [v1, v2]) {
      const req = { keyRef: key.keyId, keyVersionId: v.keyVersionId, action: 'AsymmetricSign' }
      const signed = await signWithKey(app.runtime, req, 'RSA_PKCS1_SHA_256', digest)
      withOpenssl((dir) => {
        dir.put('pub.pem', publicKeyPem(v.publicKey as Buffer))
        dir.put('digest.bin', digest)
        dir.put('sig.bin', signed.value)
        const args = ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-in', 'digest.bin', '-sigfile', 'sig.bin', '-pkeyopt', 'digest:sha256']
        assert.ok(dir.run(args).ok, `openssl verifies the signature of ${v.keyVersionId}`)
      })
    }
  })

  it('CreateKeyVersion refuses symmetric keys, wrong states, a version younger than 7 days and a 51st version', async () => {
    const sym = await callV3(ep, 'CreateKey', {})
    const symId = (sym.body.KeyMetadata as { KeyId: string }).KeyId
    let f = await failure(client.createKeyVersion(new KMS.CreateKeyVersionRequest({ keyId: symId })))
    assert.deepEqual([f.code, f.status], ['Rejected.UnsupportedOperation', 400])
    assert.match(f.message, /UpdateRotationPolicy/)

    const fresh = await callV3(ep, 'CreateKey', { KeySpec: 'EC_P256' })
    const freshId = (fresh.body.KeyMetadata as { KeyId: string }).KeyId
    f = await failure(callV3(ep, 'CreateKeyVersion', { KeyId: freshId }))
    assert.deepEqual([f.code, f.status], ['Rejected.LimitExceeded', 400])
    assert.match(f.message, new RegExp(formatUtc(T0 + 7 * DAY)))
    assert.equal((await versionsOf(freshId)).length, 1, 'nothing half-written')

    const disabled = await oldKey('EC_P256', 30)
    await callV3(ep, 'DisableKey', { KeyId: disabled.keyId })
    f = await failure(callV3(ep, 'CreateKeyVersion', { KeyId: disabled.keyId }))
    assert.deepEqual([f.code, f.status], ['Rejected.Disabled', 409])
    await callV3(ep, 'EnableKey', { KeyId: disabled.keyId })
    await callV3(ep, 'ScheduleKeyDeletion', { KeyId: disabled.keyId, PendingWindowInDays: '7' })
    f = await failure(callV3(ep, 'CreateKeyVersion', { KeyId: disabled.keyId }))
    assert.deepEqual([f.code, f.status], ['Rejected.PendingDeletion', 409])
    f = await failure(callV3(ep, 'CreateKeyVersion', { KeyId: 'key-hzzdoesnotexist00000000000' }))
    assert.deepEqual([f.code, f.status], ['Forbidden.KeyNotFound', 404])
    f = await failure(callV3(ep, 'CreateKeyVersion', {}))
    assert.deepEqual([f.code, f.status], ['MissingParameter', 400])

    const full = await oldKey('EC_P256', 49 * 7 + 1)
    for (let i = 1; i < 50; i++)
      await createKeyVersion({ ...app.runtime, clock: new ManualClock(T0 - (49 - i) * 7 * DAY - DAY) }, full.keyId)
    assert.equal((await versionsOf(full.keyId)).length, 50)
    f = await failure(callV3(ep, 'CreateKeyVersion', { KeyId: full.keyId }))
    assert.deepEqual([f.code, f.status], ['Rejected.LimitExceeded', 400])
    assert.match(f.message, /50/)
    assert.equal((await versionsOf(full.keyId)).length, 50)
  })

  it('two simultaneous CreateKeyVersion calls: exactly one succeeds', async () => {
    const key = await oldKey('EC_P256', 10)
    const results = await Promise.allSettled([1, 2, 3].map(() => callV3(ep, 'CreateKeyVersion', { KeyId: key.keyId })))
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
    for (const r of results) if (r.status === 'rejected') assert.equal(r.reason.data?.Code, 'Rejected.LimitExceeded')
    assert.equal((await versionsOf(key.keyId)).length, 2)
  })

  it('DescribeKeyVersion and ListKeyVersions by id, alias and ARN, with paging boundaries', async () => {
    const key = await oldKey('EC_P256', 20)
    await createKeyVersion({ ...app.runtime, clock: new ManualClock(T0 - 10 * DAY) }, key.keyId)
    await createKeyVersion(app.runtime, key.keyId)
    const all = await versionsOf(key.keyId)
    await callV3(ep, 'CreateAlias', { AliasName: 'alias/versions-test', KeyId: key.keyId })
    const arn = `acs:kms:${app.config.region}:${app.config.accountId}:key/${key.keyId}`
    for (const ref of [key.keyId, 'alias/versions-test', arn]) {
      const d = await client.describeKeyVersion(new KMS.DescribeKeyVersionRequest({ keyId: ref, keyVersionId: all[1]?.keyVersionId }))
      assert.deepEqual(
        { keyId: d.keyVersion.keyId, keyVersionId: d.keyVersion.keyVersionId, creationDate: d.keyVersion.creationDate },
        { keyId: key.keyId, keyVersionId: all[1]?.keyVersionId, creationDate: formatUtc(T0 - 10 * DAY) },
      )
    }
    const page = async (n: number, size: number) =>
      client.listKeyVersions(new KMS.ListKeyVersionsRequest({ keyId: 'alias/versions-test', pageNumber: n, pageSize: size }))
    const p1 = await page(1, 2)
    assert.deepEqual(p1.keyVersions.keyVersion.map((v: { keyVersionId: string }) => v.keyVersionId), all.slice(0, 2).map((v) => v.keyVersionId))
    assert.deepEqual([p1.totalCount, p1.pageNumber, p1.pageSize], [3, 1, 2])
    assert.equal((await page(2, 2)).keyVersions.keyVersion.length, 1)
    const empty = await callV3(ep, 'ListKeyVersions', { KeyId: key.keyId, PageNumber: '3', PageSize: '2' })
    assert.deepEqual(empty.body.KeyVersions, { KeyVersion: [] })
    const dflt = await callV3(ep, 'ListKeyVersions', { KeyId: key.keyId })
    assert.deepEqual([dflt.body.PageNumber, dflt.body.PageSize, dflt.body.TotalCount], [1, 10, 3])
    for (const [name, value] of [['PageSize', '0'], ['PageSize', '101'], ['PageNumber', '0'], ['PageSize', 'x']]) {
      const f = await failure(callV3(ep, 'ListKeyVersions', { KeyId: key.keyId, [name as string]: value as string }))
      assert.deepEqual([f.code, f.status], ['InvalidParameter', 400], `${name}=${value}`)
      assert.match(f.message, new RegExp(name as string))
    }
    assert.equal((await callV3(ep, 'ListKeyVersions', { KeyId: key.keyId, PageSize: '100' })).body.PageSize, 100)
    const other = await oldKey('EC_P256', 1)
    const strangers = [[other.keyId, all[0]?.keyVersionId], [key.keyId, '00000000-0000-0000-0000-000000000000'], [key.keyId, '../x']]
    for (const [keyId, versionId] of strangers) {
      const f = await failure(callV3(ep, 'DescribeKeyVersion', { KeyId: keyId as string, KeyVersionId: versionId as string }))
      assert.deepEqual([f.code, f.status], ['Forbidden.KeyVersionNotFound', 404])
    }
    const f = await failure(callV3(ep, 'DescribeKeyVersion', { KeyId: key.keyId }))
    assert.deepEqual([f.code, f.status, /KeyVersionId/.test(f.message)], ['MissingParameter', 400, true])
  })

  it('rotates at NextRotationDate exactly once: the new version is primary and old ciphertexts still decrypt', async () => {
    const created = await client.createKey(new KMS.CreateKeyRequest({ enableAutomaticRotation: true, rotationInterval: '7d' }))
    const keyId: string = created.keyMetadata.keyId
    const v1: string = created.keyMetadata.primaryKeyVersion
    assert.equal(created.keyMetadata.nextRotationDate, formatUtc(T0 + 7 * DAY))
    const before = await encryptWithKey(app.runtime, keyId, Buffer.from('sealed by v1'), { purpose: 'rotation' })
    assert.equal(before.keyVersionId, v1)

    const rotatedIn = (r: Record<string, unknown>) => (r['rotate-keys'] as { done: number }).done
    assert.equal(rotatedIn(await app.jobs.runDue(T0 + 7 * DAY - 1000)), 0)
    const [a, b] = await Promise.all([app.jobs.runDue(T0 + 7 * DAY), app.jobs.runDue(T0 + 7 * DAY)])
    assert.equal(rotatedIn(a) + rotatedIn(b), 1, 'one rotation for one due date')
    const md = await describeKey(keyId)
    assert.notEqual(md.PrimaryKeyVersion, v1)
    assert.deepEqual([md.LastRotationDate, md.NextRotationDate, md.RotationInterval], [formatUtc(T0 + 7 * DAY), formatUtc(T0 + 14 * DAY), '604800s'])
    const versions = await versionsOf(keyId)
    assert.deepEqual(versions.map((v) => v.keyVersionId), [v1, md.PrimaryKeyVersion])
    assert.equal(versions[1]?.createdAt, T0 + 7 * DAY)

    const opened = await decryptBlob(app.runtime, before.blob, { purpose: 'rotation' })
    assert.deepEqual([opened.keyVersionId, opened.plaintext.toString()], [v1, 'sealed by v1'])
    const after = await encryptWithKey(app.runtime, keyId, Buffer.from('sealed by v2'), undefined)
    assert.equal(after.keyVersionId, md.PrimaryKeyVersion)

    assert.equal(rotatedIn(await app.jobs.runDue(T0 + 30 * DAY)), 1, 'overdue by several intervals: one rotation')
    const late = await describeKey(keyId)
    assert.deepEqual([late.LastRotationDate, late.NextRotationDate], [formatUtc(T0 + 30 * DAY), formatUtc(T0 + 37 * DAY)])
    assert.equal((await versionsOf(keyId)).length, 3)
    assert.equal((await decryptBlob(app.runtime, before.blob, { purpose: 'rotation' })).plaintext.toString(), 'sealed by v1')
  })

  it('UpdateRotationPolicy: enabling starts a period now, re-sending changes nothing, a new interval keeps the period start', async () => {
    const keyId = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
    await client.updateRotationPolicy(new KMS.UpdateRotationPolicyRequest({ keyId, enableAutomaticRotation: true, rotationInterval: '30d' }))
    const schedule = async () => {
      const md = await describeKey(keyId)
      return [md.AutomaticRotation, md.RotationInterval, md.NextRotationDate]
    }
    assert.deepEqual(await schedule(), ['Enabled', '2592000s', formatUtc(T0 + 30 * DAY)])
    await callV3(ep, 'UpdateRotationPolicy', { KeyId: keyId, EnableAutomaticRotation: 'true', RotationInterval: '2592000s' })
    assert.deepEqual(await schedule(), ['Enabled', '2592000s', formatUtc(T0 + 30 * DAY)])
    await callV3(ep, 'UpdateRotationPolicy', { KeyId: keyId, EnableAutomaticRotation: 'true', RotationInterval: '10d' })
    assert.deepEqual(await schedule(), ['Enabled', '864000s', formatUtc(T0 + 10 * DAY)])
    await callV3(ep, 'UpdateRotationPolicy', { KeyId: keyId, EnableAutomaticRotation: 'false', RotationInterval: 'junk is ignored' })
    assert.deepEqual(await schedule(), ['Disabled', undefined, undefined])
    await app.jobs.runDue(T0 + 400 * DAY)
    assert.equal((await versionsOf(keyId)).length, 1, 'no rotation once disabled')
    await callV3(ep, 'UpdateRotationPolicy', { KeyId: keyId, EnableAutomaticRotation: 'true', RotationInterval: '7d' })
    assert.deepEqual(await schedule(), ['Enabled', '604800s', formatUtc(T0 + 7 * DAY)])

    const old = await createKey(
      { ...app.runtime, clock: new ManualClock(T0 - 20 * DAY) },
      {
        keySpec: 'Aliyun_AES_256',
        keyUsage: 'ENCRYPT/DECRYPT',
        origin: 'Aliyun_KMS',
        description: '',
        rotationInterval: 30 * 86400,
        dkmsInstanceId: null,
        policy: null,
        tags: [],
      },
    )
    await callV3(ep, 'UpdateRotationPolicy', { KeyId: old.keyId, EnableAutomaticRotation: 'true', RotationInterval: '7d' })
    assert.equal((await describeKey(old.keyId)).NextRotationDate, formatUtc(T0), 'a period already over is due now')
  })

  it('UpdateRotationPolicy refuses bad intervals, asymmetric and imported keys, and keys not Enabled', async () => {
    const sym = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
    const call = (q: Record<string, string>) => failure(callV3(ep, 'UpdateRotationPolicy', { KeyId: sym, ...q }))
    let f = await call({ EnableAutomaticRotation: 'true' })
    assert.deepEqual([f.code, f.status, /RotationInterval/.test(f.message)], ['MissingParameter', 400, true])
    for (const bad of ['6d', '731d', '604799s', '7x', '-7d', '7 d', 'P7D', '9'.repeat(40)]) {
      f = await call({ EnableAutomaticRotation: 'true', RotationInterval: bad })
      assert.deepEqual([f.code, f.status, /RotationInterval/.test(f.message)], ['InvalidParameter', 400, true], bad)
    }
    f = await call({})
    assert.deepEqual([f.code, /EnableAutomaticRotation/.test(f.message)], ['MissingParameter', true])
    f = await call({ EnableAutomaticRotation: 'yes', RotationInterval: '7d' })
    assert.deepEqual([f.code, /EnableAutomaticRotation/.test(f.message)], ['InvalidParameter', true])
    assert.equal((await describeKey(sym)).AutomaticRotation, 'Disabled', 'nothing changed')

    const cases: Array<[Record<string, string>, string, number, string?]> = [
      [{ KeySpec: 'RSA_2048' }, 'Rejected.UnsupportedOperation', 400],
      [{ KeySpec: 'EC_SM2' }, 'Rejected.UnsupportedOperation', 400],
      [{ Origin: 'EXTERNAL' }, 'Unsupported.Origin', 400],
      [{}, 'Rejected.Disabled', 409, 'DisableKey'],
      [{}, 'Rejected.PendingDeletion', 409, 'ScheduleKeyDeletion'],
    ]
    for (const [create, code, status, then] of cases) {
      const keyId = ((await callV3(ep, 'CreateKey', create)).body.KeyMetadata as { KeyId: string }).KeyId
      if (then) await callV3(ep, then, { KeyId: keyId, ...(then === 'ScheduleKeyDeletion' ? { PendingWindowInDays: '7' } : {}) })
      const request = new KMS.UpdateRotationPolicyRequest({ keyId, enableAutomaticRotation: true, rotationInterval: '7d' })
      f = await failure(client.updateRotationPolicy(request))
      assert.deepEqual([f.code, f.status], [code, status], JSON.stringify(create) + (then ?? ''))
    }
    f = await call({ KeyId: 'alias/none', EnableAutomaticRotation: 'true', RotationInterval: '7d' })
    assert.deepEqual([f.code, f.status], ['Forbidden.AliasNotFound', 404])
  })

  it('keeps rotation schedules across a restart, and the periodic timer rotates with the injected clock', async () => {
    const first = await startTestApp({}, { clock: new ManualClock(T0), jobPeriodMs: 0, keyPoolSize: 0 })
    const ep1 = { endpoint: first.endpoint, ...TEST_AK }
    const created = await callV3(ep1, 'CreateKey', { EnableAutomaticRotation: 'true', RotationInterval: '7d' })
    const md = created.body.KeyMetadata as Record<string, string>
    await first.stop({ keepData: true })
    const clock = new ManualClock(T0)
    const second = await startTestApp({ dataDir: first.dataDir }, { clock, jobPeriodMs: 20, keyPoolSize: 0 })
    try {
      const ep2 = { endpoint: second.endpoint, ...TEST_AK }
      const again = (await callV3(ep2, 'DescribeKey', { KeyId: md.KeyId as string })).body.KeyMetadata as Record<string, string>
      assert.deepEqual([again.NextRotationDate, again.AutomaticRotation], [formatUtc(T0 + 7 * DAY), 'Enabled'])
      clock.set(T0 + 7 * DAY)
      let count = 1
      for (let i = 0; i < 250 && count < 2; i++) {
        await new Promise((r) => setTimeout(r, 20))
        count = (await second.runtime.store.keyVersions.list(md.KeyId as string, { offset: 0, limit: 10 })).total
      }
      assert.equal(count, 2, 'rotated by the timer')
      const key = await second.runtime.store.keys.get(md.KeyId as string)
      assert.deepEqual([key?.lastRotationDate, key?.nextRotationDate], [T0 + 7 * DAY, T0 + 14 * DAY])
    } finally {
      await second.stop()
    }
  })
})
