/** Aliases and tags through the official SDKs, on a real server: success paths, hostile input, limits and paging. */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, callPop, failure, type Endpoint } from '../support/sdk.js'
import { encryptWithKey } from '../../src/services/crypto/symmetric.js'

describe('aliases and tags', () => {
  let app: TestApp
  let ep: Endpoint
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any
  before(async () => {
    app = await startTestApp({}, { jobPeriodMs: 0, keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    client = kmsClient(ep)
  })
  after(async () => app.stop())

  const newKey = async (q: Record<string, string> = {}) => ((await callV3(ep, 'CreateKey', q)).body.KeyMetadata as { KeyId: string }).KeyId
  const refused = async (p: Promise<unknown>, code: string, status: number, names?: string) => {
    const f = await failure(p)
    assert.deepEqual([f.code, f.status], [code, status], f.message)
    if (names) assert.ok(f.message.includes(names), `"${f.message}" names ${names}`)
  }
  const aliasesOf = async (keyId: string) =>
    ((await callV3(ep, 'ListAliasesByKeyId', { KeyId: keyId, PageSize: '100' })).body.Aliases as { Alias: Array<{ AliasName: string }> }).Alias.map(
      (a) => a.AliasName,
    )
  const tagsOf = async (keyId: string) =>
    ((await callV3(ep, 'ListResourceTags', { KeyId: keyId })).body.Tags as { Tag: Array<{ TagKey: string; TagValue: string }> }).Tag.map(
      (t) => `${t.TagKey}=${t.TagValue}`,
    )

  it('creates, lists, re-points and deletes aliases; an alias or its ARN works wherever a KeyId does', async () => {
    const [k1, k2] = [await newKey(), await newKey()]
    await client.createAlias(new KMS.CreateAliasRequest({ aliasName: 'alias/app/prod-1_x', keyId: k1 }))
    const arn = `acs:kms:${app.config.region}:${app.config.accountId}:alias/app/prod-1_x`
    const listed = await client.listAliasesByKeyId(new KMS.ListAliasesByKeyIdRequest({ keyId: arn }))
    assert.deepEqual(listed.aliases.alias.map((a: Record<string, string>) => [a.aliasName, a.aliasArn, a.keyId]), [['alias/app/prod-1_x', arn, k1]])
    for (const ref of ['alias/app/prod-1_x', arn]) {
      assert.equal(((await callV3(ep, 'DescribeKey', { KeyId: ref })).body.KeyMetadata as { KeyId: string }).KeyId, k1)
      await callV3(ep, 'UpdateKeyDescription', { KeyId: ref, Description: `via ${ref}` })
      await callV3(ep, 'TagResource', { KeyId: ref, Tags: '[{"TagKey":"via","TagValue":"alias"}]' })
      assert.equal(((await callV3(ep, 'ListKeyVersions', { KeyId: ref })).body.TotalCount as number), 1)
      await callV3(ep, 'UpdateRotationPolicy', { KeyId: ref, EnableAutomaticRotation: 'false' })
      await callV3(ep, 'DisableKey', { KeyId: ref })
      await callV3(ep, 'EnableKey', { KeyId: ref })
      assert.equal((await encryptWithKey(app.runtime, ref, Buffer.from('x'), undefined)).keyId, k1)
    }
    assert.deepEqual(await tagsOf(k1), ['via=alias'])

    await client.updateAlias(new KMS.UpdateAliasRequest({ aliasName: 'alias/app/prod-1_x', keyId: k2 }))
    assert.deepEqual([await aliasesOf(k1), await aliasesOf(k2)], [[], ['alias/app/prod-1_x']])
    assert.equal((await encryptWithKey(app.runtime, 'alias/app/prod-1_x', Buffer.from('x'), undefined)).keyId, k2, 'caches follow UpdateAlias')
    await client.deleteAlias(new KMS.DeleteAliasRequest({ aliasName: 'alias/app/prod-1_x' }))
    await refused(callV3(ep, 'DescribeKey', { KeyId: 'alias/app/prod-1_x' }), 'Forbidden.AliasNotFound', 404)
    await refused(client.deleteAlias(new KMS.DeleteAliasRequest({ aliasName: 'alias/app/prod-1_x' })), 'Forbidden.AliasNotFound', 404)
    await refused(callV3(ep, 'UpdateAlias', { AliasName: 'alias/app/prod-1_x', KeyId: k1 }), 'Forbidden.AliasNotFound', 404)
    await callV3(ep, 'CreateAlias', { AliasName: 'alias/app/prod-1_x', KeyId: k1 })
  })

  it('refuses hostile alias names with InvalidParameter naming AliasName, and takes the longest valid one', async () => {
    const keyId = await newKey()
    const hostile = [
      ...['alias/', 'alias/acs:x', 'alias/acsfoo', 'alias/acs/x', 'alias/ünïcode', 'alias/日本', 'alias/../x', 'alias/a.b', 'alias/a b'],
      ...['alias/x\n', 'alias/x%2F', 'alias/' + 'a'.repeat(256), 'Alias/x', 'alias', 'x/alias/y', 'alias/x\u0000'],
      'acs:kms:cn-hangzhou:1:alias/x',
    ]
    for (const name of hostile) await refused(callV3(ep, 'CreateAlias', { AliasName: name, KeyId: keyId }), 'InvalidParameter', 400, 'AliasName')
    assert.equal((await failure(callPop(ep, 'CreateAlias', { AliasName: 'alias/acs:x', KeyId: keyId }))).code, 'InvalidParameter')
    await refused(callV3(ep, 'CreateAlias', { AliasName: '', KeyId: keyId }), 'MissingParameter', 400, 'AliasName')
    await refused(callV3(ep, 'DeleteAlias', { AliasName: 'alias/../etc' }), 'InvalidParameter', 400, 'AliasName')
    assert.deepEqual(await aliasesOf(keyId), [], 'nothing created')
    const longest = 'alias/' + 'a'.repeat(254) + '/'
    await callV3(ep, 'CreateAlias', { AliasName: longest, KeyId: keyId })
    await callV3(ep, 'CreateAlias', { AliasName: 'alias/acX', KeyId: keyId })
    assert.deepEqual(await aliasesOf(keyId), [longest, 'alias/acX'].sort())
  })

  it('AliasAlreadyExists, unknown keys, and the key-state rules of CreateAlias / UpdateAlias / DeleteAlias', async () => {
    const [a, b] = [await newKey(), await newKey()]
    await callV3(ep, 'CreateAlias', { AliasName: 'alias/taken', KeyId: a })
    await refused(client.createAlias(new KMS.CreateAliasRequest({ aliasName: 'alias/taken', keyId: b })), 'AliasAlreadyExists', 400)
    const racers = await Promise.allSettled([1, 2, 3, 4].map(() => callV3(ep, 'CreateAlias', { AliasName: 'alias/raced', KeyId: b })))
    assert.equal(racers.filter((r) => r.status === 'fulfilled').length, 1)
    await refused(callV3(ep, 'CreateAlias', { AliasName: 'alias/new', KeyId: 'key-hzznope00000000000000000' }), 'Forbidden.KeyNotFound', 404)
    await refused(callV3(ep, 'CreateAlias', { AliasName: 'alias/new', KeyId: 'alias/none' }), 'Forbidden.AliasNotFound', 404)
    await refused(callV3(ep, 'UpdateAlias', { AliasName: 'alias/taken', KeyId: 'key-hzznope00000000000000000' }), 'Forbidden.KeyNotFound', 404)
    await callV3(ep, 'DisableKey', { KeyId: b })
    await callV3(ep, 'CreateAlias', { AliasName: 'alias/on-disabled', KeyId: b })
    await callV3(ep, 'ScheduleKeyDeletion', { KeyId: b, PendingWindowInDays: '7' })
    await refused(callV3(ep, 'CreateAlias', { AliasName: 'alias/new', KeyId: b }), 'Rejected.StateModifiedFailed', 409)
    await refused(client.updateAlias(new KMS.UpdateAliasRequest({ aliasName: 'alias/taken', keyId: b })), 'Rejected.PendingDeletion', 409)
    assert.deepEqual(await aliasesOf(a), ['alias/taken'], 'the refused UpdateAlias changed nothing')
    await callV3(ep, 'UpdateAlias', { AliasName: 'alias/on-disabled', KeyId: a })
    await callV3(ep, 'UpdateAlias', { AliasName: 'alias/raced', KeyId: a })
    await callV3(ep, 'CreateAlias', { AliasName: 'alias/pending', KeyId: a })
    await callV3(ep, 'ScheduleKeyDeletion', { KeyId: a, PendingWindowInDays: '7' })
    await callV3(ep, 'DeleteAlias', { AliasName: 'alias/pending' })
    assert.deepEqual(await aliasesOf(a), ['alias/on-disabled', 'alias/raced', 'alias/taken'])
  })

  it('pages ListAliases and ListAliasesByKeyId', async () => {
    const keyId = await newKey()
    const names = Array.from({ length: 12 }, (_, i) => `alias/page-${String(i).padStart(2, '0')}`)
    for (const name of names) await callV3(ep, 'CreateAlias', { AliasName: name, KeyId: keyId })
    const page = async (n: number) => client.listAliasesByKeyId(new KMS.ListAliasesByKeyIdRequest({ keyId, pageNumber: n, pageSize: 5 }))
    const pages = [await page(1), await page(2), await page(3), await page(4)]
    assert.deepEqual(pages.map((p) => p.aliases.alias.length), [5, 5, 2, 0])
    assert.deepEqual(pages.flatMap((p) => p.aliases.alias.map((a: { aliasName: string }) => a.aliasName)), names)
    assert.deepEqual([pages[0].totalCount, pages[0].pageNumber, pages[0].pageSize], [12, 1, 5])
    const all = await client.listAliases(new KMS.ListAliasesRequest({}))
    assert.deepEqual([all.pageNumber, all.pageSize, all.aliases.alias.length], [1, 10, 10])
    assert.ok(all.totalCount >= 12)
    const empty = (await callV3(ep, 'ListAliasesByKeyId', { KeyId: await newKey() })).body
    assert.deepEqual([empty.Aliases, empty.TotalCount], [{ Alias: [] }, 0])
    for (const size of ['0', '101', '-1', '1.5']) await refused(callV3(ep, 'ListAliases', { PageSize: size }), 'InvalidParameter', 400, 'PageSize')
  })

  it('TagResource / UntagResource / ListResourceTags: overwrite, 20-tag limit, reserved and malformed tags', async () => {
    const keyId = await newKey()
    const tags = (pairs: Array<[string, string]>) => JSON.stringify(pairs.map(([TagKey, TagValue]) => ({ TagKey, TagValue })))
    await client.tagResource(new KMS.TagResourceRequest({ keyId, tags: tags([['env', 'dev'], ['环境', '测试'], ['a:b/c_d-e.f+g=h@i', '']]) }))
    await client.tagResource(new KMS.TagResourceRequest({ keyId, tags: tags([['env', 'prod']]) }))
    const listed = await client.listResourceTags(new KMS.ListResourceTagsRequest({ keyId }))
    assert.deepEqual(listed.tags.tag.map((t: Record<string, string>) => [t.keyId, t.tagKey, t.tagValue]), [
      [keyId, 'a:b/c_d-e.f+g=h@i', ''],
      [keyId, 'env', 'prod'],
      [keyId, '环境', '测试'],
    ])
    const many = (from: number, n: number) => Array.from({ length: n }, (_, i): [string, string] => [`k${from + i}`, 'v'])
    await callV3(ep, 'TagResource', { KeyId: keyId, Tags: tags(many(0, 15)) })
    await refused(callV3(ep, 'TagResource', { KeyId: keyId, Tags: tags(many(15, 3)) }), 'Rejected.LimitExceeded', 400)
    await callV3(ep, 'TagResource', { KeyId: keyId, Tags: tags([...many(0, 15), ['k15', 'v'], ['k16', 'v']]) })
    assert.equal((await tagsOf(keyId)).length, 20)
    const hostile = [
      ...[tags([['acs:x', 'v']]), tags([['ALIYUNx', 'v']]), tags([['k'.repeat(129), 'v']]), tags([['k', 'v'.repeat(129)]])],
      ...[tags([['<script>', 'v']]), tags([['', 'v']]), tags([['d', '1'], ['d', '2']]), tags(many(0, 21))],
      ...['[]', 'not json', '[{"TagKey":"k"}]', '{"TagKey":"k","TagValue":"v"}'],
    ]
    for (const t of hostile) await refused(callV3(ep, 'TagResource', { KeyId: keyId, Tags: t }), 'InvalidParameter', 400, 'Tags')
    assert.equal((await tagsOf(keyId)).length, 20, 'refusals changed nothing')

    await client.untagResource(new KMS.UntagResourceRequest({ keyId, tagKeys: '["env","k0","absent"]' }))
    assert.equal((await tagsOf(keyId)).length, 18)
    for (const t of ['["acs:x"]', '[]', 'env', '[1]'])
      await refused(callV3(ep, 'UntagResource', { KeyId: keyId, TagKeys: t }), 'InvalidParameter', 400, 'TagKeys')
    await refused(callV3(ep, 'TagResource', { Tags: tags([['a', 'b']]) }), 'MissingParameter', 400, 'KeyId')
    await refused(callV3(ep, 'TagResource', { KeyId: keyId, SecretName: 's', Tags: tags([['a', 'b']]) }), 'InvalidParameter', 400, 'SecretName')
    const secretRequest = new KMS.TagResourceRequest({ secretName: 'no-such-secret', tags: tags([['a', 'b']]) })
    await refused(client.tagResource(secretRequest), 'Forbidden.ResourceNotFound', 404)
    await refused(callV3(ep, 'ListResourceTags', { CertificateId: 'cert-1' }), 'Forbidden.ResourceNotFound', 404)
    await refused(callV3(ep, 'ListResourceTags', { KeyId: 'key-hzznope00000000000000000' }), 'Forbidden.KeyNotFound', 404)
    await callV3(ep, 'ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: '7' })
    await refused(callV3(ep, 'TagResource', { KeyId: keyId, Tags: tags([['a', 'b']]) }), 'Rejected.PendingDeletion', 409)
    await refused(callV3(ep, 'UntagResource', { KeyId: keyId, TagKeys: '["k1"]' }), 'Rejected.PendingDeletion', 409)
    assert.equal((await tagsOf(keyId)).length, 18, 'ListResourceTags works on PendingDeletion keys')
  })

  it('TagResources / UntagResources: all resources or none, RegionId and list limits', async () => {
    const [a, b] = [await newKey(), await newKey()]
    const region = app.config.region
    const both = { RegionId: region, ResourceType: 'key', 'ResourceId.1': a, 'ResourceId.2': b }
    await callPop(ep, 'TagResources', { ...both, 'Tag.1.Key': 'team', 'Tag.1.Value': 'core', 'Tag.2.Key': 'cost' })
    assert.deepEqual([await tagsOf(a), await tagsOf(b)], [['cost=', 'team=core'], ['cost=', 'team=core']])
    const base = { RegionId: region, ResourceType: 'key', 'ResourceId.1': a, 'Tag.1.Key': 'x', 'Tag.1.Value': 'y' }
    await refused(callV3(ep, 'TagResources', { ...base, 'ResourceId.2': 'key-hzznope00000000000000000' }), 'InvalidResourceId.NotFound', 404)
    await refused(callV3(ep, 'TagResources', { ...base, 'ResourceId.2': 'alias/nope' }), 'InvalidResourceId.NotFound', 404)
    await refused(callV3(ep, 'TagResources', { ...base, 'Tag.2.Key': 'x', 'Tag.2.Value': 'z' }), 'Duplicate.TagKey', 400)
    await refused(callV3(ep, 'TagResources', { ...base, RegionId: 'cn-shanghai' }), 'InvalidParameter', 400, 'RegionId')
    await refused(callV3(ep, 'TagResources', { ...base, RegionId: '' }), 'MissingParameter', 400, 'RegionId')
    await refused(callV3(ep, 'TagResources', { ...base, ResourceType: 'Key' }), 'InvalidParameter', 400, 'ResourceType')
    await refused(callV3(ep, 'TagResources', { ...base, 'Tag.1.Key': '', 'Tag.1.Value': 'v' }), 'MissingParameter', 400, 'Tag.1.Key')
    await refused(callV3(ep, 'TagResources', { ...base, 'Tag.1.Key': 'acs:x' }), 'InvalidParameter.TagKey', 400, 'reserved')
    await refused(callV3(ep, 'TagResources', { ...base, 'Tag.1.Key': 'aliyunx' }), 'InvalidParameter.TagKey', 400, 'reserved')
    await refused(callV3(ep, 'TagResources', { ...base, 'Tag.1.Key': 'bad<key>' }), 'InvalidParameter.TagKey', 400)
    const ids = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`ResourceId.${i + 1}`, a]))
    await refused(callV3(ep, 'TagResources', { ...base, ...ids }), 'InvalidParameter', 400, 'ResourceId')
    const tagList = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [[`Tag.${i + 1}.Key`, `t${i}`], [`Tag.${i + 1}.Value`, 'v']]).flat())
    await refused(callV3(ep, 'TagResources', { ...base, ...tagList }), 'InvalidParameter', 400, 'Tag')
    await refused(callV3(ep, 'TagResources', { ...base, 'ResourceId.3': a }), 'InvalidParameter', 400, 'ResourceId')
    const full = Object.fromEntries(Array.from({ length: 18 }, (_, i) => [[`Tag.${i + 1}.Key`, `f${i}`], [`Tag.${i + 1}.Value`, 'v']]).flat())
    await callV3(ep, 'TagResources', { RegionId: region, ResourceType: 'key', 'ResourceId.1': b, ...full })
    await refused(callV3(ep, 'TagResources', { ...base, 'ResourceId.2': b }), 'Rejected.LimitExceeded', 400)
    assert.deepEqual(await tagsOf(a), ['cost=', 'team=core'], 'no resource changed')
    await refused(callV3(ep, 'TagResources', { ...base, ResourceType: 'secret', 'ResourceId.1': 'some-secret' }), 'InvalidResourceId.NotFound', 404)
    await refused(callV3(ep, 'UntagResources', { RegionId: region, ResourceType: 'key', 'ResourceId.1': 'key-hzznope00000000000000000', 'TagKey.1': 'x' }), 'InvalidResourceId.NotFound', 404)

    const un = { RegionId: region, ResourceType: 'key', 'ResourceId.1': a, 'ResourceId.2': b }
    await callV3(ep, 'UntagResources', { ...un, 'TagKey.1': 'team' })
    assert.deepEqual(await tagsOf(a), ['cost='])
    await refused(callV3(ep, 'UntagResources', { ...un, 'TagKey.1': 'cost', All: 'true' }), 'InvalidParameter', 400, 'All')
    await refused(callV3(ep, 'UntagResources', un), 'MissingParameter', 400, 'TagKey')
    await refused(callV3(ep, 'UntagResources', { ...un, 'TagKey.1': 'aliyun:x' }), 'InvalidParameter.TagKey', 400, 'TagKey')
    await refused(callV3(ep, 'UntagResources', { ...un, 'TagKey.1': 'cost', 'TagKey.2': 'cost' }), 'Duplicate.TagKey', 400)
    await callPop(ep, 'UntagResources', { ...un, All: 'true' })
    assert.deepEqual([await tagsOf(a), await tagsOf(b)], [[], []])
  })

  it('ListTagResources pages 200 rows at a time with NextToken, filters by resource and tag', async () => {
    const tagKey = (i: number) => `t${String(i).padStart(2, '0')}`
    const twenty = JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ TagKey: tagKey(i), TagValue: i % 2 ? 'odd' : 'even' })))
    const keys: string[] = []
    for (let i = 0; i < 11; i++) keys.push(await newKey({ Tags: twenty }))
    const ids = (list: string[]) => Object.fromEntries(list.map((k, i) => [`ResourceId.${i + 1}`, k]))
    const list = async (q: Record<string, string>) =>
      (await callV3(ep, 'ListTagResources', { RegionId: app.config.region, ResourceType: 'key', ...q })).body as {
        NextToken: string
        TagResources: { TagResource: Array<{ ResourceId: string; ResourceType: string; TagKey: string; TagValue: string }> }
      }
    const first = await list(ids(keys))
    assert.equal(first.TagResources.TagResource.length, 200)
    assert.notEqual(first.NextToken, '')
    const second = await list({ ...ids(keys), NextToken: first.NextToken })
    assert.deepEqual([second.TagResources.TagResource.length, second.NextToken], [20, ''])
    const rows = [...first.TagResources.TagResource, ...second.TagResources.TagResource]
    const expected = [...keys].sort().flatMap((k) => Array.from({ length: 20 }, (_, i) => `${k}/${tagKey(i)}`))
    assert.deepEqual(rows.map((r) => `${r.ResourceId}/${r.TagKey}`), expected)
    assert.ok(rows.every((r) => r.ResourceType === 'key'))
    const exact = await list(ids(keys.slice(0, 10)))
    assert.deepEqual([exact.TagResources.TagResource.length, exact.NextToken], [200, ''], 'exactly one full page')
    const filtered = await list({ 'ResourceId.1': keys[0] as string, 'Tag.1.Key': 't01', 'Tag.2.Key': 't02', 'Tag.2.Value': 'odd' })
    assert.deepEqual(filtered.TagResources.TagResource.map((r) => `${r.TagKey}=${r.TagValue}`), ['t01=odd'])
    await callV3(ep, 'CreateAlias', { AliasName: 'alias/tagged', KeyId: keys[1] as string })
    const byAlias = await list({ 'ResourceId.1': 'alias/tagged', 'Tag.1.Key': 't00' })
    assert.deepEqual(byAlias.TagResources.TagResource.map((r) => r.ResourceId), [keys[1]])
    assert.deepEqual((await list({ 'Tag.1.Key': 'no-such-tag' })).TagResources, { TagResource: [] })
    assert.deepEqual((await list({ ResourceType: 'secret' })).TagResources, { TagResource: [] })
    for (const token of ['garbage', first.NextToken + 'x', Buffer.from('["a"]').toString('base64url'), '../../etc']) {
      await refused(list({ NextToken: token }), 'InvalidParameter', 400, 'NextToken')
    }
    await refused(list({ 'ResourceId.1': 'key-hzznope00000000000000000' }), 'InvalidResourceId.NotFound', 404)
    await refused(list({ 'Tag.1.Key': 't01', 'Tag.2.Key': 't01', 'Tag.2.Value': 'odd' }), 'Duplicate.TagKey', 400)
    assert.equal((await failure(callPop(ep, 'ListTagResources', { ResourceType: 'key' }))).code, 'MissingParameter')
  })
})
