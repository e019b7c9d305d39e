/**
 * The SQLite nonce file (docs/storage.md, "Nonces"): claims are exact, a claim that meets another
 * connection's write lock waits without blocking the event loop, and one that waits too long fails.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { nonceHash, noncesFileFor, openSqliteNonces } from './sqlite-nonces.js'

function tempFile(): { file: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-nonces-'))
  return { file: join(dir, 'n.db'), done: () => rmSync(dir, { recursive: true, force: true }) }
}

test('the nonce file sits beside the store file; an in-memory store keeps its nonces in memory', () => {
  assert.equal(noncesFileFor('/data/openkms.db'), '/data/openkms.db-nonces')
  assert.equal(noncesFileFor(':memory:'), ':memory:')
})

test('each (AccessKey, nonce) is new once, across two connections, and expired ones are purged', async () => {
  const { file, done } = tempFile()
  const a = openSqliteNonces(file)
  const b = openSqliteNonces(file)
  try {
    assert.deepEqual(await a.claim([{ accessKeyId: 'ak', nonce: 'n1', expiresAt: 10 }, { accessKeyId: 'ak', nonce: 'n2', expiresAt: 30 }]), [true, true])
    assert.deepEqual(
      await b.claim([
        { accessKeyId: 'ak', nonce: 'n1', expiresAt: 10 },
        { accessKeyId: 'other', nonce: 'n1', expiresAt: 10 },
      ]),
      [false, true],
    )
    assert.equal(await b.purge(20), 2)
    assert.deepEqual(await a.claim([{ accessKeyId: 'ak', nonce: 'n1', expiresAt: 10 }, { accessKeyId: 'ak', nonce: 'n2', expiresAt: 30 }]), [true, false])
    assert.deepEqual(await a.claim([]), [])
    assert.ok(existsSync(file))
  } finally {
    a.close()
    b.close()
    done()
  }
})

test('a claim that finds the file locked waits on timers, not on the event loop, and then succeeds', async () => {
  const { file, done } = tempFile()
  const nonces = openSqliteNonces(file)
  const holder = new BetterSqlite3(file)
  try {
    holder.exec('begin immediate')
    let ticks = 0
    const ticker = setInterval(() => (ticks += 1), 1)
    const claimed = nonces.claim([{ accessKeyId: 'ak', nonce: 'locked', expiresAt: 1 }])
    await new Promise((resolve) => setTimeout(resolve, 60))
    const ticksWhileLocked = ticks
    holder.exec('commit')
    assert.deepEqual(await claimed, [true])
    clearInterval(ticker)
    assert.ok(ticksWhileLocked >= 5, `timers kept running while the claim waited (${ticksWhileLocked} ticks)`)
  } finally {
    holder.close()
    nonces.close()
    done()
  }
})

test('a claim gives up with SQLITE_BUSY when the lock is held past its deadline', { timeout: 20_000 }, async () => {
  const { file, done } = tempFile()
  const nonces = openSqliteNonces(file)
  const holder = new BetterSqlite3(file)
  try {
    holder.exec('begin immediate')
    await assert.rejects(nonces.claim([{ accessKeyId: 'ak', nonce: 'never', expiresAt: 1 }]), (err: { code?: string }) => err.code === 'SQLITE_BUSY')
    holder.exec('rollback')
    assert.deepEqual(await nonces.claim([{ accessKeyId: 'ak', nonce: 'never', expiresAt: 1 }]), [true], 'nothing half-written')
  } finally {
    holder.close()
    nonces.close()
    done()
  }
})

test('a nonce file from an earlier version: its unexpired claims still count, and the old table goes once empty', async () => {
  const { file, done } = tempFile()
  const old = new BetterSqlite3(file)
  old.exec(`create table nonces (access_key_id text not null, nonce text not null, expires_at integer not null, primary key (access_key_id, nonce)) without rowid`)
  old.prepare('insert into nonces values (?, ?, ?)').run('ak', 'before-upgrade', 50)
  old.close()
  const nonces = openSqliteNonces(file)
  try {
    assert.deepEqual(await nonces.claim([{ accessKeyId: 'ak', nonce: 'before-upgrade', expiresAt: 40 }, { accessKeyId: 'ak', nonce: 'new', expiresAt: 40 }]), [false, true])
    assert.equal(await nonces.purge(60), 3)
    const check = new BetterSqlite3(file)
    assert.deepEqual(check.prepare("select name from sqlite_master where name = 'nonces'").all(), [])
    check.close()
    assert.deepEqual(await nonces.claim([{ accessKeyId: 'ak', nonce: 'before-upgrade', expiresAt: 70 }]), [true])
  } finally {
    nonces.close()
    done()
  }
})

test('the nonce hash separates AccessKey and nonce and spreads similar nonces', () => {
  assert.notDeepEqual(nonceHash('ab', 'c'), nonceHash('a', 'bc'))
  const seen = new Set<string>()
  for (let i = 0; i < 100_000; i++) seen.add(nonceHash('ak', `nonce-${i}`).join(':'))
  assert.equal(seen.size, 100_000)
})
