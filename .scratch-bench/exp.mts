import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnServer } from '../test/support/server-process.js'
import { callOk, signRequest } from '../test/support/signed-request.js'
import { runLoad } from '../bench/load.js'
const creds = { accessKeyId: 'LTAIbenchaccesskey01', accessKeySecret: 'bench-secret-0123456789' }
for (const round of [1, 2]) for (const entry of ['node_modules/.cache/openkms-bench/dist/cli/main.js', '.scratch-bench/distp/cli/main.js']) {
  const s = await spawnServer({ dataDir: mkdtempSync(join(tmpdir(), 'okx-')), credentials: creds, workers: 1, entry })
  const keyId = ((await callOk(s.host, creds, 'CreateKey', {})).KeyMetadata as any).KeyId
  const params = { KeyId: keyId, Plaintext: Buffer.alloc(32, 1).toString('base64') }
  const next = () => signRequest(creds, 'Encrypt', params, { style: 'v1', host: s.host })
  await runLoad({ host: s.host, connections: 16, durationSec: 2, next })
  const r = await runLoad({ host: s.host, connections: 16, durationSec: 6, next, serverCpuSeconds: () => s.cpuSeconds() })
  console.log(round, entry.includes('distp') ? 'NORMAL' : 'FULL  ', r.rps.toFixed(0), 'req/s', r.p50Ms.toFixed(2), 'ms p50', r.serverCores?.toFixed(2), 'cores')
  await s.stop()
}
