import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnServer } from '../test/support/server-process.js'
import { call } from '../test/support/signed-request.js'
const creds = { accessKeyId: 'LTAIbenchaccesskey01', accessKeySecret: 'bench-secret-0123456789' }
const dir = mkdtempSync(join(tmpdir(), 'okt-'))
const s = await spawnServer({ dataDir: dir, credentials: creds })
console.log('startup', s.startupMs, s.host, s.rssBytes())
for (const style of ['v1', 'v3'] as const) for (const method of ['GET', 'POST'] as const) {
  console.log(style, method, JSON.stringify(await call(s.host, creds, 'DescribeRegions', {}, { style, method })))
  console.log(style, method, JSON.stringify(await call(s.host, creds, 'CreateKey', { KeySpec: 'Aliyun_AES_256', Description: 'a\u0000b __proto__ ü 💥' }, { style, method })).slice(0, 200))
}
console.log(JSON.stringify(await call(s.host, creds, 'ListKeys', { '__proto__': 'x', 'constructor': 'y', 'Filters': '{' })))
await s.stop()
