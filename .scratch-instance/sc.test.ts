import { it } from 'node:test'
import { execFileSync, spawnSync } from 'node:child_process'
import { startTestApp } from '../test/support/test-app.js'
import { caFileOf } from '../test/instance/access-setup.js'
it('s_client', async () => {
  const app = await startTestApp({}, { keyPoolSize: 0 })
  try {
    const t0 = Date.now()
    const r = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${app.instancePort}`, '-servername', 'localhost', '-CAfile', caFileOf(app), '-verify_return_error', '-verify_hostname', 'localhost', '-brief'], { input: '', timeout: 20000 })
    console.log(Date.now() - t0, r.status, r.signal, r.stdout.toString().slice(0, 2000), r.stderr.toString().slice(0, 2000))
  } finally { await app.stop() }
})
