import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore } from '../src/store/sqlite.js'
const store = await openSqliteStore({ file: join(mkdtempSync(join(tmpdir(), 'okn-')), 'x.db') })
let n = 0
for (const batch of [1, 10, 10, 1]) {
  const c0 = process.cpuUsage(); const t0 = performance.now()
  for (let i = 0; i < 200; i++) await store.nonces.claim(Array.from({ length: batch }, () => ({ accessKeyId: 'ak', nonce: `n${n++}`, expiresAt: Date.now() + 1e6 })))
  const c = process.cpuUsage(c0); const t = performance.now() - t0
  console.log(`batch ${batch}: ${(t / 200).toFixed(2)} ms wall, ${((c.user + c.system) / 1000 / 200).toFixed(2)} ms cpu per commit`)
}
const c0 = process.cpuUsage(); const t0 = performance.now()
for (let i = 0; i < 2000; i++) await store.meta.get('x')
console.log(`meta.get: ${((performance.now() - t0) / 2000 * 1000).toFixed(1)} µs wall, ${((process.cpuUsage(c0).user) / 2000).toFixed(1)} µs user`)
await store.close()
