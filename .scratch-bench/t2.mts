import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnServer } from '../test/support/server-process.js'
import { send, signRequest } from '../test/support/signed-request.js'
const creds = { accessKeyId: 'LTAIbenchaccesskey01', accessKeySecret: 'bench-secret-0123456789' }
const s = await spawnServer({ dataDir: mkdtempSync(join(tmpdir(), 'okt-')), credentials: creds })
const r = await send(s.host, signRequest(creds, 'DescribeKey', { KeyId: 'x'.repeat(20000) }, { style: 'v1', method: 'GET', host: s.host }))
console.log(r.status, r.headers, r.body.toString())
const r2 = await send(s.host, signRequest(creds, 'DescribeKey', { KeyId: 'x'.repeat(2_000_000) }, { style: 'v1', method: 'POST', host: s.host }))
console.log(r2.status, r2.body.toString())
await s.stop()
