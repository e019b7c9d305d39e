/** Network rules, policies and application access points through the official SDKs, against a real server. */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, callPop, failure, type Endpoint } from '../support/sdk.js'

const KEY_USER = 'RbacPermission/Template/CryptoServiceKeyUser'
const SECRET_USER = 'RbacPermission/Template/CryptoServiceSecretUser'

describe('application access via the official SDKs', () => {
  let app: TestApp
  let ep: Endpoint
  let arnPrefix: string
  const v3 = (action: string, query: Record<string, string>) => callV3(ep, action, query).then((r) => r.body)
  const refused = async (action: string, query: Record<string, string>, code: string, status: number, message?: RegExp) => {
    const f = await failure(callV3(ep, action, query))
    assert.deepEqual([f.code, f.status], [code, status], `${action} ${JSON.stringify(query)}: ${f.message}`)
    if (message) assert.match(f.message, message)
  }

  before(async () => {
    app = await startTestApp()
    ep = { endpoint: app.endpoint, ...TEST_AK }
    arnPrefix = `acs:kms:cn-hangzhou:${app.config.accountId}`
  })
  after(async () => app.stop())

  it('network rules: create, describe, update, list with paging, delete (V3)', async () => {
    const created = await v3('CreateNetworkRule', {
      Name: 'office_lan',
      Type: 'Private',
      SourcePrivateIp: '["192.168.10.0/24", "10.0.0.7","fd00::/64"]',
      Description: 'the office',
    })
    assert.deepEqual(
      { ...created, RequestId: undefined },
      {
        RequestId: undefined,
        Arn: `${arnPrefix}:network/office_lan`,
        Name: 'office_lan',
        Type: 'Private',
        SourcePrivateIp: '["192.168.10.0/24","10.0.0.7","fd00::/64"]',
        Description: 'the office',
      },
    )
    const described = await v3('DescribeNetworkRule', { Name: 'office_lan' })
    assert.deepEqual(Object.keys(described).sort(), ['Arn', 'Description', 'RequestId', 'SourcePrivateIp', 'Type'])
    assert.equal(described.SourcePrivateIp, '["192.168.10.0/24","10.0.0.7","fd00::/64"]')

    await v3('UpdateNetworkRule', { Name: 'office_lan', SourcePrivateIp: '["172.16.0.0/12"]' })
    assert.deepEqual(await v3('DescribeNetworkRule', { Name: 'office_lan' }).then((b) => [b.SourcePrivateIp, b.Description]), ['["172.16.0.0/12"]', 'the office'])
    await v3('UpdateNetworkRule', { Name: 'office_lan', Description: '' })
    assert.equal((await v3('DescribeNetworkRule', { Name: 'office_lan' })).Description, '')

    for (const n of ['nr-c', 'nr-a', 'nr-b']) await v3('CreateNetworkRule', { Name: n, Type: 'Private', SourcePrivateIp: '["10.1.0.0/16"]' })
    const page = await v3('ListNetworkRules', { PageNumber: '2', PageSize: '2' })
    assert.deepEqual(page.NetworkRules, { NetworkRule: [{ Name: 'nr-c', Type: 'Private' }, { Name: 'office_lan', Type: 'Private' }] })
    assert.deepEqual([page.TotalCount, page.PageNumber, page.PageSize], [4, 2, 2])
    assert.equal((await v3('ListNetworkRules', {})).PageSize, 20)
    assert.deepEqual((await v3('ListNetworkRules', { PageNumber: '9' })).NetworkRules, { NetworkRule: [] })

    await v3('DeleteNetworkRule', { Name: 'nr-c' })
    await refused('DescribeNetworkRule', { Name: 'nr-c' }, 'Forbidden.ResourceNotFound', 404, /network rule nr-c/)
  })

  it('policies: CreatePolicy returns JSON strings, DescribePolicy arrays (V3)', async () => {
    await v3('CreateNetworkRule', { Name: 'pol-lan', Type: 'Private', SourcePrivateIp: '["10.9.0.0/16"]' })
    const acr = '{"NetworkRules": ["pol-lan"]}'
    const created = await v3('CreatePolicy', {
      Name: 'pol.keys',
      Permissions: JSON.stringify([KEY_USER, SECRET_USER]),
      Resources: '["key/*","secret/app-*"]',
      KmsInstance: app.runtime.instanceId,
      AccessControlRules: acr,
      Description: 'keys and app secrets',
    })
    assert.deepEqual(
      { ...created, RequestId: undefined },
      {
        RequestId: undefined,
        Arn: `${arnPrefix}:policy/pol.keys`,
        Name: 'pol.keys',
        Permissions: `["${KEY_USER}","${SECRET_USER}"]`,
        Resources: '["key/*","secret/app-*"]',
        KmsInstance: app.runtime.instanceId,
        AccessControlRules: acr,
        Description: 'keys and app secrets',
      },
    )
    const described = await v3('DescribePolicy', { Name: 'pol.keys' })
    assert.deepEqual(described.Permissions, [KEY_USER, SECRET_USER])
    assert.deepEqual(described.Resources, ['key/*', 'secret/app-*'])
    assert.equal(described.AccessControlRules, acr)

    const plain = await v3('CreatePolicy', { Name: 'pol-plain', Permissions: `["${KEY_USER}"]`, Resources: '["key/key-1"]' })
    assert.deepEqual([plain.KmsInstance, plain.AccessControlRules, plain.Description], [app.runtime.instanceId, '{"NetworkRules":[]}', ''])

    await v3('UpdatePolicy', { Name: 'pol-plain', Resources: '["secret/*"]', Permissions: `["${SECRET_USER}"]`, AccessControlRules: '{"NetworkRules":["pol-lan"]}' })
    const updated = await v3('DescribePolicy', { Name: 'pol-plain' })
    assert.deepEqual([updated.Resources, updated.Permissions, updated.AccessControlRules], [['secret/*'], [SECRET_USER], '{"NetworkRules":["pol-lan"]}'])
    await refused('DeleteNetworkRule', { Name: 'pol-lan' }, 'Rejected.ResourceInUse', 409, /network rule pol-lan.*policy pol-plain, policy pol\.keys/)
    await v3('UpdatePolicy', { Name: 'pol-plain', AccessControlRules: '{"NetworkRules":[]}' })
    await refused('DeleteNetworkRule', { Name: 'pol-lan' }, 'Rejected.ResourceInUse', 409, /policy pol\.keys and cannot/)

    const list = await v3('ListPolicies', { PageSize: '100' })
    assert.deepEqual(list.Policies, { Policy: [{ Name: 'pol-plain' }, { Name: 'pol.keys' }] })
    assert.equal(list.TotalCount, 2)
  })

  it('application access points: create, describe, update, list, delete (V3)', async () => {
    await v3('CreatePolicy', { Name: 'aap-p1', Permissions: `["${KEY_USER}"]`, Resources: '["key/*"]' })
    await v3('CreatePolicy', { Name: 'aap-p2', Permissions: `["${SECRET_USER}"]`, Resources: '["secret/*"]' })
    const created = await v3('CreateApplicationAccessPoint', { Name: 'aap_test', Policies: '["aap-p1", "aap-p2"]', AuthenticationMethod: 'ClientKey', Description: 'd' })
    assert.deepEqual(
      { ...created, RequestId: undefined },
      { RequestId: undefined, Arn: `${arnPrefix}:applicationaccesspoint/aap_test`, Name: 'aap_test', AuthenticationMethod: 'ClientKey', Policies: '["aap-p1","aap-p2"]', Description: 'd' },
    )
    assert.deepEqual({ ...(await v3('DescribeApplicationAccessPoint', { Name: 'aap_test' })), RequestId: undefined }, { ...created, RequestId: undefined })
    await refused('DeletePolicy', { Name: 'aap-p2' }, 'Rejected.ResourceInUse', 409, /policy aap-p2.*application access point aap_test/)
    await v3('UpdateApplicationAccessPoint', { Name: 'aap_test', Policies: '["aap-p1"]' })
    assert.equal((await v3('DescribeApplicationAccessPoint', { Name: 'aap_test' })).Policies, '["aap-p1"]')
    await v3('DeletePolicy', { Name: 'aap-p2' })
    const noAuth = await v3('CreateApplicationAccessPoint', { Name: 'aap_default', Policies: '["aap-p1"]' })
    assert.equal(noAuth.AuthenticationMethod, 'ClientKey')
    const list = await v3('ListApplicationAccessPoints', { PageSize: '1' })
    assert.deepEqual([list.ApplicationAccessPoints, list.TotalCount], [{ ApplicationAccessPoint: [{ Name: 'aap_default', AuthenticationMethod: 'ClientKey' }] }, 2])
    await v3('DeleteApplicationAccessPoint', { Name: 'aap_default' })
    await refused('DescribeApplicationAccessPoint', { Name: 'aap_default' }, 'Forbidden.ResourceNotFound', 404)
    await refused('DeleteApplicationAccessPoint', { Name: 'aap_default' }, 'Forbidden.ResourceNotFound', 404)
  })

  it('the V1 signature (openapi-client v2 and pop-core GET and POST) reaches the same actions', async () => {
    await callV3(ep, 'CreateNetworkRule', { Name: 'v1-rule', Type: 'Private', SourcePrivateIp: '["10.2.0.1"]' }, { signatureAlgorithm: 'v2' })
    const viaGet = await callPop(ep, 'DescribeNetworkRule', { Name: 'v1-rule' }, 'GET')
    assert.equal(viaGet.SourcePrivateIp, '["10.2.0.1"]')
    await callPop(ep, 'CreatePolicy', { Name: 'v1-policy', Permissions: `["${KEY_USER}"]`, Resources: '["key/*"]', AccessControlRules: '{"NetworkRules":["v1-rule"]}' }, 'POST')
    const policy = await callPop(ep, 'DescribePolicy', { Name: 'v1-policy' }, 'POST')
    assert.deepEqual(policy.Resources, ['key/*'])
    await callPop(ep, 'CreateApplicationAccessPoint', { Name: 'v1-aap', Policies: '["v1-policy"]' }, 'GET')
    const listed = await callPop(ep, 'ListApplicationAccessPoints', {}, 'GET')
    assert.ok((listed.ApplicationAccessPoints as { ApplicationAccessPoint: Array<{ Name: string }> }).ApplicationAccessPoint.some((a) => a.Name === 'v1-aap'))
    const f = await failure(callPop(ep, 'DeletePolicy', { Name: 'v1-policy' }, 'POST'))
    assert.equal(f.code, 'Rejected.ResourceInUse')
  })

  it('refuses hostile network rules with exact codes, naming the parameter', async () => {
    await refused('CreateNetworkRule', { Type: 'Private', SourcePrivateIp: '["10.0.0.1"]' }, 'MissingParameter', 400, /"Name"/)
    await refused('CreateNetworkRule', { Name: 'x', SourcePrivateIp: '["10.0.0.1"]' }, 'MissingParameter', 400, /"Type"/)
    await refused('CreateNetworkRule', { Name: 'x', Type: 'Private' }, 'MissingParameter', 400, /"SourcePrivateIp"/)
    await refused('CreateNetworkRule', { Name: 'x', Type: 'Public', SourcePrivateIp: '["10.0.0.1"]' }, 'InvalidParameter', 400, /"Type"/)
    for (const bad of ['bad name', 'a/b', 'x'.repeat(65), 'ü'])
      await refused('CreateNetworkRule', { Name: bad, Type: 'Private', SourcePrivateIp: '["10.0.0.1"]' }, 'InvalidParameter', 400, /"Name"/)
    for (const ips of ['10.0.0.1', '["10.0.0.256"]', '["10.0.0.0/33"]', '["fd00::/129"]', '["fe80::1%eth0"]', '[]', '[1]', '["10.0.0.1","10.0.0.1"]', '{"a":1}'])
      await refused('CreateNetworkRule', { Name: 'x', Type: 'Private', SourcePrivateIp: ips }, 'InvalidParameter', 400, /"SourcePrivateIp"/)
    await refused('CreateNetworkRule', { Name: 'x', Type: 'Private', SourcePrivateIp: '["1.1.1.1"]', Description: 'd'.repeat(1025) }, 'InvalidParameter', 400, /"Description"/)
    await refused('DescribeNetworkRule', { Name: 'x' }, 'Forbidden.ResourceNotFound', 404, /network rule x/)
    await v3('CreateNetworkRule', { Name: 'dup', Type: 'Private', SourcePrivateIp: '["10.0.0.1"]' })
    await refused('CreateNetworkRule', { Name: 'dup', Type: 'Private', SourcePrivateIp: '["10.0.0.2"]' }, 'Rejected.ResourceExist', 409, /network rule dup/)
    await refused('UpdateNetworkRule', { Name: 'dup', SourcePrivateIp: '["10.0.0.0/40"]' }, 'InvalidParameter', 400, /"SourcePrivateIp"/)
    await refused('UpdateNetworkRule', { Name: 'ghost', Description: 'x' }, 'Forbidden.ResourceNotFound', 404)
    assert.equal((await v3('DescribeNetworkRule', { Name: 'dup' })).SourcePrivateIp, '["10.0.0.1"]', 'refused writes changed nothing')
  })

  it('refuses hostile policies and AAPs, and leaves nothing half-written', async () => {
    const base = { Permissions: `["${KEY_USER}"]`, Resources: '["key/*"]' }
    await refused('CreatePolicy', { Name: 'hp', Resources: '["key/*"]' }, 'MissingParameter', 400, /"Permissions"/)
    await refused('CreatePolicy', { Name: 'hp', Permissions: `["${KEY_USER}"]` }, 'MissingParameter', 400, /"Resources"/)
    for (const perms of ['["CryptoServiceKeyUser"]', '[]', `["${KEY_USER}","${KEY_USER}"]`, `"${KEY_USER}"`])
      await refused('CreatePolicy', { ...base, Name: 'hp', Permissions: perms }, 'InvalidParameter', 400, /"Permissions"/)
    for (const res of ['["secret/*x"]', '["*"]', '["keys/*"]', '[]', '["key/"]'])
      await refused('CreatePolicy', { ...base, Name: 'hp', Resources: res }, 'InvalidParameter', 400, /"Resources"/)
    for (const acr of ['["a"]', '{"NetworkRules":"a"}', '{"Rules":[]}', 'not json'])
      await refused('CreatePolicy', { ...base, Name: 'hp', AccessControlRules: acr }, 'InvalidParameter', 400, /"AccessControlRules"/)
    await refused('CreatePolicy', { ...base, Name: 'hp', KmsInstance: 'kst-hzzsomeoneelse00000000000' }, 'Forbidden.ResourceNotFound', 404, /KMS instance kst-hzzsomeoneelse/)
    await refused('CreatePolicy', { ...base, Name: 'hp', AccessControlRules: '{"NetworkRules":["no-such-rule"]}' }, 'Forbidden.ResourceNotFound', 404, /network rule no-such-rule/)
    await refused('DescribePolicy', { Name: 'hp' }, 'Forbidden.ResourceNotFound', 404)
    await v3('CreatePolicy', { ...base, Name: 'hp' })
    await refused('CreatePolicy', { ...base, Name: 'hp' }, 'Rejected.ResourceExist', 409, /policy hp/)
    await refused('UpdatePolicy', { Name: 'hp', AccessControlRules: '{"NetworkRules":["no-such-rule"]}' }, 'Forbidden.ResourceNotFound', 404, /no-such-rule/)
    await refused('UpdatePolicy', { Name: 'hp', Resources: '["secret/a*b"]' }, 'InvalidParameter', 400, /"Resources"/)
    await refused('UpdatePolicy', { Name: 'ghost', Description: 'x' }, 'Forbidden.ResourceNotFound', 404)
    await refused('DeletePolicy', { Name: 'ghost' }, 'Forbidden.ResourceNotFound', 404)
    assert.equal((await v3('DescribePolicy', { Name: 'hp' })).AccessControlRules, '{"NetworkRules":[]}')

    await refused('CreateApplicationAccessPoint', { Name: 'ha' }, 'MissingParameter', 400, /"Policies"/)
    await refused('CreateApplicationAccessPoint', { Name: 'ha', Policies: '["hp"]', AuthenticationMethod: 'RAMRole' }, 'InvalidParameter', 400, /"AuthenticationMethod"/)
    for (const pols of ['[]', '["hp","hp"]', '["a","b","c","d"]', 'hp', '["bad name"]'])
      await refused('CreateApplicationAccessPoint', { Name: 'ha', Policies: pols }, 'InvalidParameter', 400, /"Policies"/)
    await refused('CreateApplicationAccessPoint', { Name: 'ha', Policies: '["hp","ghost"]' }, 'Forbidden.ResourceNotFound', 404, /policy ghost/)
    await refused('DescribeApplicationAccessPoint', { Name: 'ha' }, 'Forbidden.ResourceNotFound', 404)
    await v3('CreateApplicationAccessPoint', { Name: 'ha', Policies: '["hp"]' })
    await refused('CreateApplicationAccessPoint', { Name: 'ha', Policies: '["hp"]' }, 'Rejected.ResourceExist', 409)
    await refused('UpdateApplicationAccessPoint', { Name: 'ha', Policies: '["ghost"]' }, 'Forbidden.ResourceNotFound', 404, /policy ghost/)
    await refused('UpdateApplicationAccessPoint', { Name: 'ghost', Policies: '["hp"]' }, 'Forbidden.ResourceNotFound', 404)
    assert.equal((await v3('DescribeApplicationAccessPoint', { Name: 'ha' })).Policies, '["hp"]')
    await refused('ListPolicies', { PageSize: '101' }, 'InvalidParameter', 400, /"PageSize"/)
  })

  it('keeps references intact when deletes and creates race', async () => {
    for (let round = 0; round < 5; round++) {
      const rule = `race-rule-${round}`
      await v3('CreateNetworkRule', { Name: rule, Type: 'Private', SourcePrivateIp: '["10.0.0.0/8"]' })
      const outcomes = await Promise.allSettled([
        v3('CreatePolicy', { Name: `race-a-${round}`, Permissions: `["${KEY_USER}"]`, Resources: '["key/*"]', AccessControlRules: `{"NetworkRules":["${rule}"]}` }),
        v3('DeleteNetworkRule', { Name: rule }),
        v3('CreatePolicy', { Name: `race-b-${round}`, Permissions: `["${KEY_USER}"]`, Resources: '["key/*"]', AccessControlRules: `{"NetworkRules":["${rule}"]}` }),
      ])
      const ruleExists = await v3('DescribeNetworkRule', { Name: rule }).then(
        () => true,
        () => false,
      )
      for (const name of [`race-a-${round}`, `race-b-${round}`]) {
        const policy = await v3('DescribePolicy', { Name: name }).catch(() => undefined)
        if (policy) assert.ok(ruleExists, `${name} exists, so the rule it names must too`)
      }
      for (const o of outcomes)
        if (o.status === 'rejected') assert.match(String((o.reason as { data?: { Code?: string } }).data?.Code), /^(Forbidden\.ResourceNotFound|Rejected\.ResourceInUse)$/)
    }
  })
})
