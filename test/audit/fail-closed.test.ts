/**
 * When the audit log cannot persist, requests are refused (503 ServiceUnavailableTemporary) and the node
 * reports itself unready; with fail-open they are served and the loss is counted. The full sink is /dev/full,
 * which accepts the open and refuses every write with ENOSPC, as a full disk does.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK } from '../support/test-app.js'
import { callV3, failure } from '../support/sdk.js'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { auditFileFor } from '../../src/store/sqlite-audit.js'
import { SQLITE_FILE_NAME } from '../../src/store/open-store.js'

async function ready(url: string): Promise<number> {
  return (await fetch(`${url}/readyz`)).status
}

describe('audit sink failure', () => {
  it('fails closed by default: requests are refused, the node is unready, no work is done once the sink is known to fail', async () => {
    const app = await startTestApp({ auditFile: '/dev/full' }, { jobPeriodMs: 0, keyPoolSize: 0 })
    try {
      const ep = { endpoint: app.endpoint, ...TEST_AK }
      assert.equal(await ready(app.url), 200)
      const first = await failure(callV3(ep, 'DescribeRegions', {}))
      assert.deepEqual([first.code, first.status], ['ServiceUnavailableTemporary', 503])
      assert.equal(await ready(app.url), 503)
      const keys = await app.runtime.store.keys.count()
      const again = await failure(callV3(ep, 'CreateKey', {}))
      assert.deepEqual([again.code, again.status], ['ServiceUnavailableTemporary', 503])
      assert.equal(await app.runtime.store.keys.count(), keys, 'a refused request did no work')
      // The store sink still holds the refusals: the event says what the server answered before the audit check.
      const stored = await app.runtime.store.audit.list({ eventName: 'CreateKey', limit: 10 })
      assert.equal(stored.length, 1)
      assert.equal(stored[0]?.errorCode, 'ServiceUnavailableTemporary')
    } finally {
      await app.stop()
    }
  })

  it('with fail-open, requests are served and the node stays ready', async () => {
    const app = await startTestApp({ auditFile: '/dev/full', auditFailOpen: true }, { jobPeriodMs: 0, keyPoolSize: 0 })
    try {
      const ep = { endpoint: app.endpoint, ...TEST_AK }
      const r = await callV3(ep, 'CreateKey', {})
      assert.equal(r.statusCode, 200)
      assert.equal(await ready(app.url), 200)
    } finally {
      await app.stop()
    }
  })

  it('a store that refuses writes refuses requests too', async () => {
    const app = await startTestApp({}, { jobPeriodMs: 0, keyPoolSize: 0 })
    try {
      const ep = { endpoint: app.endpoint, ...TEST_AK }
      assert.equal((await callV3(ep, 'DescribeRegions', {})).statusCode, 200)
      // A trigger makes every insert into the audit table fail, as a full or read-only database would. On SQLite
      // the table lives in its own file beside the database; a second connection changes it under the server.
      const raw = new BetterSqlite3(auditFileFor(join(app.dataDir, SQLITE_FILE_NAME)))
      raw.exec(`create trigger audit_full before insert on audit_records begin select raise(abort, 'disk full'); end`)
      const refused = await failure(callV3(ep, 'DescribeRegions', {}))
      assert.deepEqual([refused.code, refused.status], ['ServiceUnavailableTemporary', 503])
      raw.exec('drop trigger audit_full')
      raw.close()
      // The next request's event is the probe: once it is written, the log is healthy again and serving resumes.
      await failure(callV3(ep, 'DescribeRegions', {}))
      assert.equal((await callV3(ep, 'DescribeRegions', {})).statusCode, 200)
      assert.equal(await ready(app.url), 200)
    } finally {
      await app.stop()
    }
  })
})
