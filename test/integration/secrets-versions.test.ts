/**
 * Version invariants under load (spec §5, docs/secrets.md): concurrent PutSecretValue with one VersionId has
 * exactly one writer; with many VersionIds the stages stay consistent; at most 10 versions are kept.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, callPop, failure, type Endpoint } from '../support/sdk.js'

describe('secret versions under concurrency', () => {
  let app: TestApp
  let ep: Endpoint
  before(async () => {
    app = await startTestApp({}, { jobPeriodMs: 0, keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => app.stop())

  const v3 = async (action: string, query: Record<string, string>) => (await callV3(ep, action, query)).body as Record<string, any>
  const settle = (calls: Array<Promise<unknown>>) => Promise.allSettled(calls)

  async function checkStages(name: string): Promise<Map<string, string[]>> {
    const stages = await app.runtime.store.secretVersions.stages(name)
    const byStage = new Map<string, string[]>()
    for (const s of stages) byStage.set(s.stage, [...(byStage.get(s.stage) ?? []), s.versionId])
    for (const [stage, versions] of byStage) assert.equal(versions.length, 1, `${stage} marks one version`)
    assert.ok(byStage.has('ACSCurrent'))
    const current = byStage.get('ACSCurrent')?.[0]
    assert.notEqual(byStage.get('ACSPrevious')?.[0], current, 'ACSPrevious and ACSCurrent are different versions')
    return byStage
  }

  it('the same VersionId written concurrently with the same data: all succeed, one version exists', async () => {
    await v3('CreateSecret', { SecretName: 'same', VersionId: 'v0', SecretData: 'zero' })
    const results = await settle(Array.from({ length: 12 }, () => callV3(ep, 'PutSecretValue', { SecretName: 'same', VersionId: 'v1', SecretData: 'one' })))
    assert.deepEqual(results.map((r) => r.status), Array(12).fill('fulfilled'))
    const versions = await app.runtime.store.secretVersions.list('same')
    assert.deepEqual(versions.map((v) => v.versionId), ['v0', 'v1'])
    const stages = await checkStages('same')
    assert.deepEqual([stages.get('ACSCurrent'), stages.get('ACSPrevious')], [['v1'], ['v0']])
  })

  it('the same VersionId written concurrently with different data: exactly one winner, the rest refused', async () => {
    await v3('CreateSecret', { SecretName: 'race', VersionId: 'v0', SecretData: 'zero' })
    const results = await settle(
      Array.from({ length: 12 }, (_, i) => callPop(ep, 'PutSecretValue', { SecretName: 'race', VersionId: 'v1', SecretData: `data-${i}` }, 'POST')),
    )
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
    assert.equal(won.length, 1, 'exactly one writer wins')
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { data?: { Code?: string } }).data?.Code, 'Rejected.ResourceExist')
    assert.equal((await v3('GetSecretValue', { SecretName: 'race' })).SecretData, `data-${won[0]}`)
    assert.equal((await app.runtime.store.secretVersions.list('race')).length, 2)
    await checkStages('race')
  })

  it('different VersionIds written concurrently: every write lands, stages stay consistent, 10 versions kept', async () => {
    await v3('CreateSecret', { SecretName: 'many', VersionId: 'v00', SecretData: 'zero' })
    await v3('PutSecretValue', { SecretName: 'many', VersionId: 'keep', SecretData: 'labelled', VersionStages: '["Pinned"]' })
    const results = await settle(
      Array.from({ length: 14 }, (_, i) => callV3(ep, 'PutSecretValue', { SecretName: 'many', VersionId: `w${String(i).padStart(2, '0')}`, SecretData: `w${i}` })),
    )
    assert.deepEqual(results.map((r) => r.status), Array(14).fill('fulfilled'))
    const versions = await app.runtime.store.secretVersions.list('many')
    assert.equal(versions.length, 10)
    const stages = await checkStages('many')
    assert.deepEqual(stages.get('Pinned'), ['keep'], 'a labelled version is never dropped')
    assert.ok(versions.some((v) => v.versionId === 'keep'))
    assert.ok(!versions.some((v) => v.versionId === 'v00'), 'the oldest unlabelled version went first')
    const current = (await v3('GetSecretValue', { SecretName: 'many' })).VersionId
    assert.equal(current, versions[versions.length - 1]?.versionId, 'ACSCurrent is the last version written')
    const previous = (await v3('GetSecretValue', { SecretName: 'many', VersionStage: 'ACSPrevious' })).VersionId
    assert.equal(previous, versions[versions.length - 2]?.versionId)
    const listed = await v3('ListSecretVersionIds', { SecretName: 'many', IncludeDeprecated: 'true', PageSize: '100' })
    assert.equal(listed.TotalCount, 10)
  })

  it('refuses a write when all ten versions carry stages, and keeps the secret unchanged', async () => {
    await v3('CreateSecret', { SecretName: 'full', VersionId: 'l0', SecretData: '0' })
    for (let i = 1; i < 10; i++) await v3('PutSecretValue', { SecretName: 'full', VersionId: `l${i}`, SecretData: String(i), VersionStages: `["L${i}"]` })
    const refused = await failure(callV3(ep, 'PutSecretValue', { SecretName: 'full', VersionId: 'l10', SecretData: '10', VersionStages: '["L10"]' }))
    assert.deepEqual([refused.code, refused.status], ['Rejected.LimitExceeded', 400])
    assert.equal((await app.runtime.store.secretVersions.list('full')).length, 10)
    assert.equal(await app.runtime.store.secretVersions.get('full', 'l10'), undefined)
    await v3('UpdateSecretVersionStage', { SecretName: 'full', VersionStage: 'L1', RemoveFromVersion: 'l1' })
    await v3('PutSecretValue', { SecretName: 'full', VersionId: 'l10', SecretData: '10', VersionStages: '["L10"]' })
    assert.equal(await app.runtime.store.secretVersions.get('full', 'l1'), undefined)
  })

  it('concurrent stage moves keep one ACSCurrent and one ACSPrevious', async () => {
    await v3('CreateSecret', { SecretName: 'moves', VersionId: 'a', SecretData: 'a' })
    await v3('PutSecretValue', { SecretName: 'moves', VersionId: 'b', SecretData: 'b' })
    await v3('PutSecretValue', { SecretName: 'moves', VersionId: 'c', SecretData: 'c' })
    const targets = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b']
    const results = await settle(targets.map((t) => callV3(ep, 'UpdateSecretVersionStage', { SecretName: 'moves', VersionStage: 'ACSCurrent', MoveToVersion: t })))
    assert.deepEqual(results.map((r) => r.status), Array(targets.length).fill('fulfilled'))
    await checkStages('moves')
  })
})
