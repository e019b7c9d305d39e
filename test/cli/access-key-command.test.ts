/**
 * `openkms access-key` and `openkms call ram|sts --local`, run as users run them (node bin/openkms.js … --data-dir <tmp>):
 * RAM users' AccessKeys are created, listed with their owner, disabled, enabled and deleted, and the store
 * agrees after each step.
 */
import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openkms } from '../support/cli.js'
import { openStore } from '../../src/store/open-store.js'

describe('openkms access-key and call ram|sts', { timeout: 300_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-cli-ak-'))
  const data = ['--data-dir', dataDir]
  after(() => rmSync(dataDir, { recursive: true, force: true }))
  const statusOf = async (id: string) => {
    const store = await openStore({ dataDir })
    try {
      return (await store.accessKeys.get(id))?.status ?? 'absent'
    } finally {
      await store.close()
    }
  }

  it('manages a RAM user’s AccessKeys', async () => {
    // `call --local` runs in-process; `--create` because the temporary data directory holds no installation yet.
    const user = await openkms(['call', 'ram', 'CreateUser', '--UserName', 'cli-user', '--local', '--create', ...data])
    assert.equal(user.code, 0, user.stderr)
    assert.equal(JSON.parse(user.stdout).User.UserName, 'cli-user')
    assert.equal((await openkms(['access-key', 'create', '--user', 'nobody', ...data])).code, 1)
    const created = await openkms(['access-key', 'create', '--user', 'cli-user', ...data])
    assert.equal(created.code, 0, created.stderr)
    const id = /AccessKeyId:\s+(\S+)/.exec(created.stdout)![1]!
    assert.match(/AccessKeySecret:\s+(\S+)/.exec(created.stdout)![1]!, /^.{24,}$/)
    const listed = await openkms(['access-key', 'list', '--user', 'cli-user', ...data])
    const [listedId, status, created_, owner] = listed.stdout.split('\t')
    assert.deepEqual([listedId, status, owner], [id, 'Active', 'cli-user'])
    assert.ok(!Number.isNaN(Date.parse(created_!)))

    assert.equal((await openkms(['access-key', 'disable', id, ...data])).code, 0)
    assert.equal(await statusOf(id), 'Inactive')
    assert.equal((await openkms(['access-key', 'enable', id, ...data])).code, 0)
    assert.equal(await statusOf(id), 'Active')
    assert.equal((await openkms(['access-key', 'delete', id, ...data])).code, 0)
    assert.equal(await statusOf(id), 'absent')
    const again = await openkms(['access-key', 'delete', id, ...data])
    assert.deepEqual([again.code, again.stderr.trim()], [1, `InvalidAccessKeyId.NotFound: ${id}`])

    const who = await openkms(['call', 'sts', 'GetCallerIdentity', '--local', ...data])
    assert.equal(JSON.parse(who.stdout).IdentityType, 'Account')
    const missing = await openkms(['call', 'ram', 'GetUser', '--UserName', 'nobody', '--local', ...data])
    assert.deepEqual([missing.code, missing.stderr.split(':')[0]], [1, 'EntityNotExist.User'])
  })
})
