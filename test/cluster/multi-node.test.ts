/**
 * Three openkms nodes (separate `openkms serve` processes, one of them with two workers) on one real PostgreSQL,
 * driven through the official SDKs: what one node acknowledges, the next request to any node sees (caches
 * included); replays and alias races have exactly one winner across nodes; and under a mixed concurrent workload
 * during which one node is SIGKILLed, every acknowledged write is present and consistent on every surviving node.
 * See docs/deployment.md.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { startTestPostgres } from '../support/postgres.js'
import { OPENKMS_BIN, spawnServer, type ServerProcess } from '../support/server-process.js'
import { callV3, failure, type Endpoint } from '../support/sdk.js'
import { send, signRequest, newNonce } from '../support/signed-request.js'
import { openPostgresStore } from '../../src/store/postgres.js'
import { rootKeyring } from '../../src/services/keyring.js'
import { putAccessKey } from '../../src/services/access/access-keys.js'
import type { Runtime } from '../../src/services/context.js'
import { systemClock } from '../../src/domain/clock.js'
import { runMixedWorkload, checkAcknowledged } from './workload.js'

const pg = await startTestPostgres()
const ROOT_KEY = randomBytes(32).toString('base64')
const CREDS = { accessKeyId: 'LTAIclusternode0001', accessKeySecret: 'cluster-secret-0123456789abcdef' }
const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('three openkms nodes on one PostgreSQL', { timeout: 600_000 }, () => {
  let url: string
  let nodes: ServerProcess[] = []
  const dirs: string[] = []
  const ep = (i: number, creds = CREDS): Endpoint => ({ endpoint: nodes[i]!.host, ...creds })
  const newKey = async (i: number) => ((await callV3(ep(i), 'CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
  const encrypt = (i: number, keyId: string, text = 'x') => callV3(ep(i), 'Encrypt', { KeyId: keyId, Plaintext: b64(text) })
  const codeOf = async (p: Promise<unknown>) => (await failure(p)).code

  before(async () => {
    url = await pg.createDatabase()
    // Node 1 runs two workers: workers and nodes must give each other the same guarantees.
    nodes = await Promise.all(
      [0, 1, 2].map((i) => {
        const dataDir = mkdtempSync(join(tmpdir(), 'openkms-node-'))
        dirs.push(dataDir)
        return spawnServer({
          dataDir,
          credentials: CREDS,
          args: ['--workers', i === 1 ? '2' : '1'],
          // OPENKMS_FROM_SOURCE: test the sources, not a dist/ build that may be older.
          env: { OPENKMS_DATABASE_URL: url, OPENKMS_ROOT_KEY: ROOT_KEY, OPENKMS_FROM_SOURCE: '1' },
          timeoutMs: 180_000,
        })
      }),
    )
  })
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()))
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('serves a key, alias or state change acknowledged by one node on the very next request to another', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b, c] = [round % 3, (round + 1) % 3, (round + 2) % 3]
      const keyId = await newKey(a)
      const enc = await encrypt(b, keyId, `round ${round}`)
      const dec = await callV3(ep(c), 'Decrypt', { CiphertextBlob: enc.body.CiphertextBlob as string })
      assert.equal(Buffer.from(dec.body.Plaintext as string, 'base64').toString(), `round ${round}`)

      await encrypt(c, keyId)
      await callV3(ep(a), 'DisableKey', { KeyId: keyId })
      assert.equal(await codeOf(encrypt(b, keyId)), 'Rejected.Disabled', 'a node with the key cached refuses at once')
      assert.equal(await codeOf(encrypt(c, keyId)), 'Rejected.Disabled')
      await callV3(ep(b), 'EnableKey', { KeyId: keyId })
      await encrypt(c, keyId)

      const alias = `alias/round-${round}-${randomBytes(3).toString('hex')}`
      const other = await newKey(c)
      await callV3(ep(a), 'CreateAlias', { AliasName: alias, KeyId: keyId })
      assert.equal((await encrypt(b, alias)).body.KeyId, keyId)
      await callV3(ep(c), 'UpdateAlias', { AliasName: alias, KeyId: other })
      assert.equal((await encrypt(a, alias)).body.KeyId, other, 'a re-pointed alias is followed at once')
      assert.equal((await encrypt(b, alias)).body.KeyId, other)

      await callV3(ep(b), 'ScheduleKeyDeletion', { KeyId: other, PendingWindowInDays: '7' })
      assert.equal(await codeOf(encrypt(a, alias)), 'Rejected.PendingDeletion', 'a key scheduled for deletion is refused at once')
      assert.equal(await codeOf(encrypt(c, other)), 'Rejected.PendingDeletion')
    }
  })

  it('refuses an AccessKey secret replaced by another process on the next request, and accepts the new one', async () => {
    const store = await openPostgresStore({ url, poolSize: 1, listen: false, changePollMs: 0 })
    const rt = { store, keyring: rootKeyring(Buffer.from(ROOT_KEY, 'base64')), clock: systemClock } as unknown as Runtime
    try {
      const old = { accessKeyId: 'LTAIclusterrotate01', accessKeySecret: 'first-secret-0123456789' }
      await putAccessKey(rt, old, 'test')
      for (const i of [0, 1, 2]) await callV3(ep(i, old), 'ListKeys', {})
      const fresh = { ...old, accessKeySecret: 'second-secret-9876543210' }
      await putAccessKey(rt, fresh, 'test')
      for (const i of [0, 1, 2]) {
        assert.equal(await codeOf(callV3(ep(i, old), 'ListKeys', {})), 'SignatureDoesNotMatch', `node ${i} dropped the cached secret`)
        assert.equal((await callV3(ep(i, fresh), 'ListKeys', {})).statusCode, 200)
      }
    } finally {
      await store.close()
    }
  })

  it('accepts a signed request once, whichever nodes its copies reach at the same time', async () => {
    for (let round = 0; round < 5; round++) {
      // The copies of a replayed request share its nonce and its signed time.
      const [nonce, now] = [newNonce(), Date.now()]
      const answers = await Promise.all(
        [0, 1, 2].map((i) => send(nodes[i]!.host, signRequest(CREDS, 'ListKeys', {}, { style: 'v3', host: nodes[i]!.host, nonce, now }))),
      )
      const codes = answers.map((r) => (r.status === 200 ? 'ok' : (JSON.parse(r.body.toString()) as { Code: string }).Code)).sort()
      assert.deepEqual(codes, ['SignatureNonceUsed', 'SignatureNonceUsed', 'ok'], `round ${round}`)
    }
  })

  it('lets exactly one of two nodes create the same alias at the same time', async () => {
    const [k1, k2] = await Promise.all([newKey(0), newKey(1)])
    for (let round = 0; round < 5; round++) {
      const alias = `alias/race-${round}-${randomBytes(3).toString('hex')}`
      const outcomes = await Promise.allSettled([
        callV3(ep(1), 'CreateAlias', { AliasName: alias, KeyId: k1 }),
        callV3(ep(2), 'CreateAlias', { AliasName: alias, KeyId: k2 }),
      ])
      const won = outcomes.map((o) => o.status === 'fulfilled')
      assert.equal(won.filter(Boolean).length, 1, `exactly one CreateAlias succeeds (round ${round})`)
      const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
      assert.equal((lost.reason as { code?: string; data?: { Code?: string } }).data?.Code, 'AliasAlreadyExists')
      const winner = won[0] ? k1 : k2
      for (const i of [0, 1, 2]) assert.equal((await encrypt(i, alias)).body.KeyId, winner)
    }
  })

  it('refuses root-key rotation while nodes are connected, and points backups to pg_dump', async () => {
    const env = { ...process.env, OPENKMS_FROM_SOURCE: '1', OPENKMS_DATABASE_URL: url, OPENKMS_ROOT_KEY: ROOT_KEY, OPENKMS_DATA_DIR: dirs[0]! }
    const run = (args: string[]) => spawnSync(process.execPath, [OPENKMS_BIN, ...args], { env, encoding: 'utf8', timeout: 180_000 })
    const rotate = run(['root-key', 'rotate', '--out', join(dirs[0]!, 'next.key')])
    assert.equal(rotate.status, 1)
    assert.match(rotate.stderr, /[1-9] openkms process\(es\) are connected to the database; stop every node first/)
    const backup = run(['backup', join(dirs[0]!, 'x.db')])
    assert.equal(backup.status, 2)
    assert.match(backup.stderr, /pg_dump --format=custom/)
  })

  it('keeps every acknowledged write through a mixed workload on all nodes while one node is killed', async (t) => {
    const endpoints = nodes.map((_, i) => ep(i))
    const log = await runMixedWorkload(endpoints, {
      loopsPerNode: 3,
      opsPerLoop: 12,
      afterAcknowledged: 40,
      disrupt: async () => nodes[2]!.kill(),
      avoidAfterDisrupt: 2,
    })
    t.diagnostic(
      `acknowledged ${log.acknowledged} writes (${log.keys.size} keys, ${log.aliases.size} aliases, ${log.ciphertexts.length} ciphertexts); ` +
        `${log.failedOnDeadNode} requests died with the killed node`,
    )
    assert.ok(log.disrupted, 'the node was killed while the workload ran')
    assert.ok(log.failedOnDeadNode > 0 || log.acknowledged > 40, 'work went on after the kill')
    for (const i of [0, 1]) await checkAcknowledged(endpoints[i]!, log, endpoints[0]!)
    const orphans = await pg.query<{ n: string }>(
      `select count(*) as n from keys k where k.primary_version_id is not null and not exists
         (select 1 from key_versions v where v.key_version_id = k.primary_version_id and v.key_id = k.key_id)`,
      [],
      new URL(url).pathname.slice(1),
    )
    assert.equal(orphans[0]?.n, '0', 'every primary version exists and belongs to its key')
  })
})
