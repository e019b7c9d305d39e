/**
 * authorizeInstanceCall against a real store: grants follow every change made through the actions at once, and
 * every change is announced on topic 'access' (what the instance API's grant cache listens to).
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, type TestApp } from '../support/test-app.js'
import { dispatch } from '../../src/actions/dispatch.js'
import { authorizeInstanceCall, loadClientKeyGrants, type InstanceCall } from '../../src/services/access/authorizer.js'
import { KmsError } from '../../src/domain/errors.js'
import { localCaller } from '../../src/actions/define-action.js'

const KEY_USER = 'RbacPermission/Template/CryptoServiceKeyUser'
const SECRET_USER = 'RbacPermission/Template/CryptoServiceSecretUser'

describe('authorizeInstanceCall', () => {
  let app: TestApp
  let clientKeyId: string
  const notices: string[] = []
  const call = (action: string, params: Record<string, string>) =>
    dispatch(action, params, { ...app.runtime, requestId: 'test', caller: localCaller(app.runtime.config.accountId, 'cli', 'test') })
  const now = () => Date.now()
  const ask = (over: Partial<InstanceCall> = {}) =>
    authorizeInstanceCall(app.runtime, { clientKeyId, permission: 'CryptoServiceKeyUser', resources: ['key/key-hzz1'], sourceIp: '10.0.0.5', now: now(), ...over })
  const denied = async (p: Promise<unknown>, resource: string) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    )
    assert.ok(err instanceof KmsError, `expected a refusal, got ${String(err)}`)
    assert.deepEqual([err.code, err.status], ['Forbidden.NoPermission', 403])
    assert.equal(err.message, `This operation for "${resource}" is forbidden by permission system.`)
  }

  before(async () => {
    app = await startTestApp()
    app.runtime.store.subscribe((topic, id) => notices.push(`${topic}:${id}`))
    await call('CreateNetworkRule', { Name: 'lan', Type: 'Private', SourcePrivateIp: '["10.0.0.0/24","fd00::/64"]' })
    await call('CreatePolicy', { Name: 'keys', Permissions: `["${KEY_USER}"]`, Resources: '["key/key-hzz*"]', AccessControlRules: '{"NetworkRules":["lan"]}' })
    await call('CreatePolicy', { Name: 'secrets', Permissions: `["${SECRET_USER}"]`, Resources: '["secret/app-*"]' })
    await call('CreateApplicationAccessPoint', { Name: 'app', Policies: '["keys"]' })
    clientKeyId = String((await call('CreateClientKey', { AapName: 'app', Password: 'authz-pass-1' })).ClientKeyId)
  })
  after(async () => app.stop())

  it('grants within the policy and refuses outside it, naming the first resource', async () => {
    await ask()
    await ask({ sourceIp: '::ffff:10.0.0.200' })
    await ask({ sourceIp: 'fd00::9' })
    await ask({ resources: ['key/other', 'key/key-hzz9'] })
    await denied(ask({ sourceIp: '10.0.1.5' }), 'key/key-hzz1')
    await denied(ask({ resources: ['key/abc', 'key/alias/abc'] }), 'key/abc')
    await denied(ask({ permission: 'CryptoServiceSecretUser', resources: ['secret/app-db'] }), 'secret/app-db')
    await denied(ask({ clientKeyId: 'KAAP.00000000-0000-0000-0000-000000000000' }), 'key/key-hzz1')
    await denied(authorizeInstanceCall({ ...app.runtime, instanceId: 'kst-someotherinstance' }, { clientKeyId, permission: 'CryptoServiceKeyUser', resources: ['key/key-hzz1'], sourceIp: '10.0.0.5', now: now() }), 'key/key-hzz1')
  })

  it('follows updates to policies, network rules and the AAP immediately', async () => {
    await call('UpdateNetworkRule', { Name: 'lan', SourcePrivateIp: '["192.168.7.0/24"]' })
    await denied(ask(), 'key/key-hzz1')
    await ask({ sourceIp: '192.168.7.7' })
    await call('UpdatePolicy', { Name: 'keys', AccessControlRules: '{"NetworkRules":[]}' })
    await ask({ sourceIp: '203.0.113.1' })
    await call('UpdateApplicationAccessPoint', { Name: 'app', Policies: '["secrets"]' })
    await denied(ask(), 'key/key-hzz1')
    await ask({ permission: 'CryptoServiceSecretUser', resources: ['secret/app-db'] })
    await call('UpdateApplicationAccessPoint', { Name: 'app', Policies: '["keys","secrets"]' })
    await ask()
    const grants = await loadClientKeyGrants(app.runtime.store, clientKeyId)
    assert.deepEqual(
      grants?.policies.map((p) => [p.name, p.kmsInstance, p.networkRules]),
      [['keys', app.runtime.instanceId, []], ['secrets', app.runtime.instanceId, []]],
    )
    assert.equal(await loadClientKeyGrants(app.runtime.store, 'KAAP.none'), undefined)
  })

  it('honours the client key validity window', async () => {
    const r = await call('CreateClientKey', { AapName: 'app', Password: 'authz-pass-2', NotBefore: '2030-01-01T00:00:00Z', NotAfter: '2031-01-01T00:00:00Z' })
    const future = String(r.ClientKeyId)
    await denied(ask({ clientKeyId: future }), 'key/key-hzz1')
    await ask({ clientKeyId: future, now: Date.UTC(2030, 0, 1) })
    await ask({ clientKeyId: future, now: Date.UTC(2031, 0, 1) })
    await denied(ask({ clientKeyId: future, now: Date.UTC(2031, 0, 1) + 1 }), 'key/key-hzz1')
    await call('DeleteClientKey', { ClientKeyId: future })
    await denied(ask({ clientKeyId: future, now: Date.UTC(2030, 5, 1) }), 'key/key-hzz1')
  })

  it('announces every change on topic access, including client keys removed with their AAP', async () => {
    notices.length = 0
    await call('CreateNetworkRule', { Name: 'n2', Type: 'Private', SourcePrivateIp: '["10.9.9.9"]' })
    await call('UpdatePolicy', { Name: 'secrets', Description: 'x' })
    await call('CreateApplicationAccessPoint', { Name: 'app2', Policies: '["secrets"]' })
    const k = String((await call('CreateClientKey', { AapName: 'app2', Password: 'authz-pass-3' })).ClientKeyId)
    await call('DeleteApplicationAccessPoint', { Name: 'app2' })
    await call('DeleteNetworkRule', { Name: 'n2' })
    await assert.rejects(call('DeletePolicy', { Name: 'secrets' }), /still referenced by application access point app/)
    assert.deepEqual(notices, [
      'access:networkRule:n2',
      'access:policy:secrets',
      'access:aap:app2',
      `access:clientKey:${k}`,
      'access:aap:app2',
      `access:clientKey:${k}`,
      'access:networkRule:n2',
    ])
    await denied(ask({ clientKeyId: k }), 'key/key-hzz1')
  })
})
