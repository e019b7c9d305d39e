/**
 * `openkms serve --workers 2` on SQLite: two worker processes share the port (node:cluster hands new
 * connections out in turn), so consecutive requests on fresh connections alternate between workers. They must
 * behave as one server: a replay is refused by the other worker, a key disabled through one request is refused
 * by the next one, a dead worker is replaced, and SIGTERM drains every worker (in-flight requests finish).
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnServer, type ServerProcess } from '../support/server-process.js'
import { newNonce, signRequest, type Credentials, type SignedRequest } from '../support/signed-request.js'

const CREDS: Credentials = { accessKeyId: 'LTAIworkerstest0001', accessKeySecret: 'workers-secret-0123456789abcdef' }

/** Sends on a new connection (no keep-alive), so the primary picks the next worker for it. */
function sendFresh(host: string, req: SignedRequest, timeoutMs = 60_000): Promise<{ status: number; body: Record<string, unknown> }> {
  const [hostname, port] = [host.slice(0, host.lastIndexOf(':')), Number(host.slice(host.lastIndexOf(':') + 1))]
  return new Promise((resolve, reject) => {
    const r = request(
      { hostname, port, method: req.method, path: req.path, agent: false, headers: { ...req.headers, 'content-length': req.body.length } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('aborted', () => reject(new Error('the connection closed mid-answer')))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }))
      },
    )
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    r.on('error', reject)
    r.end(req.body)
  })
}

/** Copies of a request share its nonce and its signed time, as a replayed request does. */
const signedAt = new Map<string, number>()
const callFresh = (host: string, action: string, params: Record<string, string> = {}, nonce?: string, timeoutMs?: number) => {
  const now = nonce === undefined ? undefined : (signedAt.get(nonce) ?? signedAt.set(nonce, Date.now()).get(nonce))
  return sendFresh(host, signRequest(CREDS, action, params, { style: 'v3', host, nonce, now }), timeoutMs)
}

/** The workers of a primary: its child processes running openkms (not, e.g., esbuild's service process), from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const parent = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1])
        return parent === pid && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('openkms')
      } catch {
        return false
      }
    })
    .map(Number)
}

async function until(what: string, check: () => boolean | Promise<boolean>, boundMs = 120_000): Promise<void> {
  const deadline = Date.now() + boundMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${boundMs} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('openkms serve --workers 2 on SQLite', { timeout: 600_000 }, () => {
  let server: ServerProcess
  let dataDir: string
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openkms-workers-'))
    // OPENKMS_FROM_SOURCE: test the sources, not a dist/ build that may be older.
    server = await spawnServer({ dataDir, credentials: CREDS, args: ['--workers', '2'], env: { OPENKMS_FROM_SOURCE: '1' }, timeoutMs: 180_000 })
  })
  after(async () => {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('runs two workers under one primary', () => {
    assert.equal(childrenOf(server.pid).length, 2)
    assert.match(server.output(), /workers: 2/)
  })

  it('refuses a replayed request whichever worker it reaches', async () => {
    for (let round = 0; round < 4; round++) {
      const nonce = newNonce()
      const first = await callFresh(server.host, 'ListKeys', {}, nonce)
      const replay = await callFresh(server.host, 'ListKeys', {}, nonce)
      assert.equal(first.status, 200)
      assert.equal(replay.body.Code, 'SignatureNonceUsed', `round ${round}`)
      const shared = newNonce()
      const racing = await Promise.all([0, 1, 2, 3].map(() => callFresh(server.host, 'ListKeys', {}, shared)))
      assert.equal(racing.filter((r) => r.status === 200).length, 1, 'of four concurrent copies exactly one passes')
    }
  })

  it('refuses a key disabled through one request on the next request, whichever worker gets it', async () => {
    const created = await callFresh(server.host, 'CreateKey')
    const keyId = (created.body.KeyMetadata as { KeyId: string }).KeyId
    const encrypt = () => callFresh(server.host, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from('w').toString('base64') })
    for (let round = 0; round < 4; round++) {
      for (const r of [await encrypt(), await encrypt()]) assert.equal(r.status, 200, 'both workers have the key cached')
      assert.equal((await callFresh(server.host, 'DisableKey', { KeyId: keyId })).status, 200)
      for (const r of [await encrypt(), await encrypt()]) assert.equal(r.body.Code, 'Rejected.Disabled', `round ${round}`)
      assert.equal((await callFresh(server.host, 'EnableKey', { KeyId: keyId })).status, 200)
      for (const r of [await encrypt(), await encrypt()]) assert.equal(r.status, 200, `round ${round}: enabled again at once`)
    }
  })

  it('replaces a worker that dies and keeps serving meanwhile', async () => {
    const [victim, survivor] = childrenOf(server.pid)
    assert.ok(victim && survivor)
    process.kill(victim, 'SIGKILL')
    // A connection handed to the worker as it died is lost (reset, or never answered: hence the short timeout);
    // once the primary has seen the death, every connection goes to a live worker.
    await until('requests are served again', async () => {
      const answers = await Promise.allSettled([0, 1, 2, 3].map(() => callFresh(server.host, 'ListKeys', {}, undefined, 10_000)))
      return answers.every((a) => a.status === 'fulfilled' && a.value.status === 200)
    })
    await until('a replacement worker runs', () => childrenOf(server.pid).length === 2)
    assert.ok(childrenOf(server.pid).includes(survivor) && !childrenOf(server.pid).includes(victim))
    for (let i = 0; i < 6; i++) assert.equal((await callFresh(server.host, 'ListKeys')).status, 200, 'both workers serve')
  })

  it('drains on SIGTERM: a request in flight completes, then every process exits with 0', async () => {
    const req = signRequest(CREDS, 'ListKeys', {}, { style: 'v1', method: 'POST', host: server.host })
    const [host, port] = [server.host.slice(0, server.host.lastIndexOf(':')), Number(server.host.slice(server.host.lastIndexOf(':') + 1))]
    const socket = connect(port, host)
    await new Promise((resolve) => socket.once('connect', resolve))
    const head = Object.entries({ ...req.headers, 'content-length': String(req.body.length), connection: 'keep-alive' })
    const half = Math.floor(req.body.length / 2)
    socket.write(`POST / HTTP/1.1\r\n${head.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`)
    socket.write(req.body.subarray(0, half))
    let answer = ''
    socket.on('data', (c: Buffer) => (answer += c.toString()))
    const closed = new Promise((resolve) => socket.once('close', resolve))
    await new Promise((resolve) => setTimeout(resolve, 500))
    const workers = childrenOf(server.pid)
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)))
    process.kill(server.pid, 'SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    socket.write(req.body.subarray(half))
    await closed
    assert.match(answer, /^HTTP\/1\.1 200 /, 'the request in flight was answered')
    assert.match(answer, /"TotalCount"/)
    assert.equal(await exited, 0)
    for (const pid of workers) assert.throws(() => process.kill(pid, 0), 'every worker has exited')
    await assert.rejects(callFresh(server.host, 'ListKeys'), /ECONNREFUSED/)
  })
})
