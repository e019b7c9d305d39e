/**
 * One audit event per request, on both planes, with the caller and the result: every registry action driven
 * through the official SDK (openapi-client, V3), refusals before authentication (bad signature, unknown
 * AccessKey, unknown action), instance API calls and their refusals. The events are then verified as a chain.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, type Endpoint } from '../support/sdk.js'
import { ACTIONS } from '../../src/actions/index.js'
import { grantAccess, instanceClient, rawCall, KEY_USER } from '../instance/access-setup.js'
import type { AuditEvent } from '../../src/audit/event.js'
import { verifyRecords } from '../../src/audit/verify.js'
import { sealKeyFromRootKey } from '../../src/audit/seal-key.js'
import { loadOrCreateRootKey } from '../../src/runtime/root-key.js'
import { InstanceApiError } from '../../src/instance-client/index.js'
import { KMS, kmsAs, ramClient, userWith } from '../support/identity.js'

interface Outcome {
  requestId: string
  code?: string
  status: number
}

async function outcomeOf(p: Promise<{ statusCode: number; body: Record<string, unknown> }>): Promise<Outcome> {
  try {
    const r = await p
    return { requestId: r.body.RequestId as string, status: r.statusCode }
  } catch (e) {
    const err = e as { statusCode?: number; data?: { Code?: string; RequestId?: string } }
    return { requestId: err.data?.RequestId as string, code: err.data?.Code, status: err.statusCode as number }
  }
}

describe('audit events', () => {
  let app: TestApp
  let ep: Endpoint
  let dir: string
  let auditFile: string
  const events = async (requestId: string): Promise<AuditEvent[]> =>
    (await app.runtime.store.audit.list({ requestId, limit: 10 })).map((r) => (JSON.parse(r.record) as { event: AuditEvent }).event)

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openkms-audit-'))
    auditFile = join(dir, 'audit.jsonl')
    app = await startTestApp({ auditFile }, { jobPeriodMs: 0, keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => {
    await app.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('every action in the registry, called through the SDK, leaves exactly one event with the caller and the result', async () => {
    for (const action of ACTIONS) {
      const out = await outcomeOf(callV3(ep, action.name, {}))
      assert.ok(out.requestId, `${action.name}: a RequestId`)
      const found = await events(out.requestId)
      assert.equal(found.length, 1, `${action.name}: one event`)
      const e = found[0] as AuditEvent
      assert.equal(e.eventName, action.name)
      assert.equal(e.requestId, out.requestId)
      assert.equal(e.userIdentity.type, 'root-account')
      assert.equal(e.userIdentity.accessKeyId, TEST_AK.accessKeyId)
      assert.equal(e.errorCode, out.code, `${action.name}: error code`)
      assert.equal(e.additionalEventData.httpStatus, out.status, `${action.name}: status`)
      assert.equal(e.additionalEventData.plane, 'openapi')
      assert.equal(e.sourceIpAddress, '127.0.0.1')
      assert.match(e.userAgent, /AlibabaCloud/)
      assert.equal(e.acsRegion, app.config.region)
    }
  })

  it('records the resource ARNs a request names', async () => {
    const created = await callV3(ep, 'CreateKey', { Description: 'audited' })
    const keyId = (created.body.KeyMetadata as { KeyId: string }).KeyId
    await callV3(ep, 'CreateAlias', { KeyId: keyId, AliasName: 'alias/audited' })
    const enc = await callV3(ep, 'Encrypt', { KeyId: 'alias/audited', Plaintext: Buffer.from('hello').toString('base64') })
    const [e] = await events(enc.body.RequestId as string)
    assert.equal(e?.resourceName, `acs:kms:${app.config.region}:${app.config.accountId}:alias/audited`)
    assert.equal(e?.resourceType, 'ACS::KMS::Alias')
    assert.equal(e?.eventRW, 'Write')
    const desc = await callV3(ep, 'DescribeKey', { KeyId: keyId })
    const [d] = await events(desc.body.RequestId as string)
    assert.equal(d?.resourceName, `acs:kms:${app.config.region}:${app.config.accountId}:key/${keyId}`)
    assert.deepEqual(d?.requestParameters, { KeyId: keyId })
    assert.equal(d?.eventRW, 'Read')
  })

  it('refusals before authentication are recorded once, with the AccessKeyId the request claimed', async () => {
    const bad = await outcomeOf(callV3({ ...ep, accessKeySecret: 'not-the-secret' }, 'DescribeRegions', {}))
    assert.equal(bad.code, 'SignatureDoesNotMatch')
    const [b, ...rest] = await events(bad.requestId)
    assert.equal(rest.length, 0)
    assert.equal(b?.userIdentity.type, 'anonymous')
    assert.equal(b?.userIdentity.accessKeyId, TEST_AK.accessKeyId)
    assert.equal(b?.errorCode, 'SignatureDoesNotMatch')
    assert.equal(b?.errorMessage, undefined, 'the message quotes the string to sign; it is not kept')

    const unknown = await outcomeOf(callV3({ ...ep, accessKeyId: 'LTAInosuchkey000000000' }, 'DescribeRegions', {}))
    const [u] = await events(unknown.requestId)
    assert.equal(u?.errorCode, unknown.code)
    assert.equal(u?.userIdentity.accessKeyId, 'LTAInosuchkey000000000')

    const big = await fetch(`${app.url}/`, { method: 'POST', body: Buffer.alloc(1024 * 1024 + 10, 0x61), headers: { 'user-agent': 'oversized' } })
    const bigBody = (await big.json()) as { RequestId: string; Code: string }
    const [o, ...more] = await events(bigBody.RequestId)
    assert.equal(more.length, 0)
    assert.deepEqual([o?.errorCode, o?.additionalEventData.httpStatus, o?.userAgent], [bigBody.Code, big.status, 'oversized'])

    const noAction = await outcomeOf(callV3(ep, 'NoSuchAction', {}))
    const [n] = await events(noAction.requestId)
    assert.equal(n?.eventName, 'NoSuchAction')
    assert.equal(n?.errorCode, noAction.code)
    assert.equal(n?.additionalEventData.httpStatus, noAction.status)
  })

  it('instance API calls and refusals are recorded with the client key and its application access point', async () => {
    const keyId = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
    const access = await grantAccess(ep, { permissions: [KEY_USER], resources: [`key/${keyId}`] })
    const client = instanceClient(app, access)
    try {
      const ok = (await client.encrypt({ KeyId: keyId, Plaintext: Buffer.from('data plane') })) as { RequestId: string }
      const [e] = await events(ok.RequestId)
      assert.equal(e?.eventName, 'Encrypt')
      assert.equal(e?.userIdentity.type, 'client-key')
      assert.equal(e?.userIdentity.clientKeyId, access.clientKeyId)
      assert.equal(e?.userIdentity.applicationAccessPoint, access.aapName)
      assert.equal(e?.additionalEventData.plane, 'instance')
      assert.equal(e?.resourceName, `acs:kms:${app.config.region}:${app.config.accountId}:key/${keyId}`)
      assert.equal(e?.errorCode, undefined)

      const other = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
      const denied = await client.encrypt({ KeyId: other, Plaintext: Buffer.from('x') }).then(
        () => assert.fail('expected a refusal'),
        (err: InstanceApiError) => err,
      )
      const [d] = await events(denied.requestId)
      assert.equal(d?.errorCode, denied.code)
      assert.equal(d?.additionalEventData.httpStatus, denied.httpStatus)
    } finally {
      client.close()
    }
    const tampered = await rawCall(app, access, 'Encrypt', Buffer.from('not protobuf'), {
      edit: (r) => {
        r.headers['x-kms-signature'] = Buffer.alloc(256).toString('base64')
      },
    })
    assert.notEqual(tampered.status, 200)
    const rows = await app.runtime.store.audit.list({ caller: access.clientKeyId, errorsOnly: true, limit: 10 })
    assert.ok(rows.length >= 1)
  })

  it('a RAM user is recorded as such, allowed and denied; its AccessKey secret is not', async () => {
    const ram = ramClient(app.endpoint, TEST_AK)
    const creds = await userWith(ram, 'auditor', [], ['AliyunKMSReadOnlyAccess'])
    const kms = kmsAs(app.endpoint, creds)
    const allowed = await kms.describeRegions(new KMS.DescribeRegionsRequest({}))
    const [a] = await events(allowed.requestId)
    assert.deepEqual([a?.userIdentity.type, a?.userIdentity.userName, a?.userIdentity.accessKeyId, a?.errorCode], ['ram-user', 'auditor', creds.accessKeyId, undefined])
    assert.match(a?.userIdentity.arn ?? '', /:user\/auditor$/)
    const denied = await kms.createKey(new KMS.CreateKeyRequest({})).then(
      () => assert.fail('a read-only user cannot create keys'),
      (e: { data?: { RequestId: string; Code: string } }) => e.data,
    )
    const [d] = await events(denied?.RequestId as string)
    assert.deepEqual([d?.userIdentity.type, d?.errorCode, d?.eventName], ['ram-user', denied?.Code, 'CreateKey'])
    const text = readFileSync(auditFile, 'utf8')
    assert.ok(!text.includes(creds.accessKeySecret))
    assert.ok(text.includes('"eventName":"CreateAccessKey"'), 'RAM actions on the same endpoint are audited')
  })

  it('the file sink holds the same events as one sealed, unbroken chain', async () => {
    const before = readFileSync(auditFile, 'utf8').split('\n').filter(Boolean).length
    assert.ok(before > ACTIONS.length)
    const keys = [sealKeyFromRootKey(loadOrCreateRootKey(app.config).key).publicKey]
    await app.close()
    const text = readFileSync(auditFile, 'utf8')
    const report = verifyRecords(text.split('\n').map((line, i) => ({ at: `line ${i + 1}`, text: line })), keys)
    assert.deepEqual(report.findings, [])
    assert.equal(report.chains.length, 1)
    assert.ok(report.chains[0]?.closed, 'the final seal closes the chain')
    app = await startTestApp({ dataDir: app.dataDir, auditFile }, { jobPeriodMs: 0, keyPoolSize: 0 })
  })
})
