import BetterSqlite3 from 'better-sqlite3'
import { startTestApp, TEST_AK } from '../test/support/test-app.js'
import { call, callOk } from '../test/support/signed-request.js'
const counts = new Map<string, number>()
const times = new Map<string, number>()
const origPrepare = (BetterSqlite3 as any).prototype.prepare
let patched = false
;(BetterSqlite3 as any).prototype.prepare = function (sql: string) {
  const stmt = origPrepare.call(this, sql)
  if (!patched) {
    patched = true
    const proto = Object.getPrototypeOf(stmt)
    for (const m of ['run', 'get', 'all', 'iterate']) {
      const orig = proto[m]
      proto[m] = function (...args: unknown[]) { const t = performance.now(); try { return orig.apply(this, args) } finally { const k = this.source.slice(0, 70); counts.set(k, (counts.get(k) ?? 0) + 1); times.set(k, (times.get(k) ?? 0) + performance.now() - t) } }
    }
  }
  return stmt
}
const app = await startTestApp()
const keyId = ((await callOk(app.endpoint, TEST_AK, 'CreateKey', {})).KeyMetadata as any).KeyId
const pt = Buffer.alloc(32).toString('base64')
for (const action of ['Encrypt', 'DescribeKey', 'Encrypt']) {
  await call(app.endpoint, TEST_AK, action, { KeyId: keyId, Plaintext: pt }, { style: 'v1' })
  counts.clear(); times.clear(); const t0 = performance.now()
  await Promise.all(Array.from({ length: 200 }, () => call(app.endpoint, TEST_AK, action, action === 'Encrypt' ? { KeyId: keyId, Plaintext: pt } : { KeyId: keyId }, { style: 'v1' })))
  console.log(action, 'per 200 requests:', (performance.now() - t0).toFixed(0), 'ms wall')
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(String(v).padStart(6), (times.get(k)!).toFixed(1).padStart(8), 'ms', k)
}
await app.stop()
