/**
 * The change feed's shortcut (docs/storage.md, "On SQLite the feed is read only when something changed"):
 * with an engine counter, an unforced `sync()` reads the feed only when the counter moved since the latest
 * catch-up began; a forced one always reads it. Rows are written behind the feed's back through a second
 * connection, and the counter is driven by hand, so the test sees exactly when the feed is read.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { migrate } from '../migrations/index.js'
import type { Database } from './schema.js'
import { ChangeHub } from './change-hub.js'
import { ChangeFeed } from './change-feed.js'

async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-feed-'))
  const file = join(dir, 'feed.db')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) })
  await migrate(db, 'sqlite')
  const writer = new BetterSqlite3(file)
  const insert = writer.prepare("insert into changes (topic, resource_id, created_at) values ('key', ?, 0)")
  const hub = new ChangeHub()
  const heard: string[] = []
  hub.subscribe((_topic, id) => heard.push(id))
  let counter = 1
  let failNext = false
  const feed = new ChangeFeed(db, hub, {
    pollMs: 0,
    onError: () => {},
    version: () => {
      if (failNext) {
        failNext = false
        throw new Error('counter unavailable')
      }
      return counter
    },
  })
  await feed.start()
  return {
    feed,
    heard,
    write: (id: string) => insert.run(id),
    bump: () => (counter += 1),
    failNextRead: () => (failNext = true),
    close: async () => {
      await feed.close()
      writer.close()
      await db.destroy()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

test('an unforced sync reads the feed only after the counter moved; a forced one always does', async () => {
  const t = await setUp()
  try {
    t.write('k1')
    await t.feed.sync()
    assert.deepEqual(t.heard, [], 'counter unchanged since start: the feed is not read')
    t.bump()
    await t.feed.sync()
    assert.deepEqual(t.heard, ['k1'])
    t.write('k2')
    await t.feed.sync()
    assert.deepEqual(t.heard, ['k1'])
    await t.feed.sync(true)
    assert.deepEqual(t.heard, ['k1', 'k2'], 'forced: read although the counter stood still')
  } finally {
    await t.close()
  }
})

test('a counter that cannot be read counts as moved', async () => {
  const t = await setUp()
  try {
    t.write('k1')
    t.failNextRead()
    await t.feed.sync()
    assert.deepEqual(t.heard, ['k1'])
  } finally {
    await t.close()
  }
})

test('concurrent unforced syncs with a standing counter share the running catch-up', async () => {
  const t = await setUp()
  try {
    t.write('k1')
    t.bump()
    const first = t.feed.sync()
    const second = t.feed.sync() // counter read equals the running catch-up's: it waits for that one
    await Promise.all([first, second])
    assert.deepEqual(t.heard, ['k1'])
  } finally {
    await t.close()
  }
})
