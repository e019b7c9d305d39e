/**
 * `/metrics` of `openkms serve --workers 2`: the primary's listener sums both workers (prom-client's cluster
 * aggregation). Requests on fresh connections alternate between the workers; the parsed counters must equal
 * what was sent, per action and result code. The same run writes one audit chain per worker into one file,
 * which `openkms audit verify` then accepts.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { OPENKMS_BIN, spawnServer, type ServerProcess } from '../support/server-process.js'
import { signRequest, type Credentials, type SignedRequest } from '../support/signed-request.js'

const require = createRequire(import.meta.url)
const parsePrometheus = require('parse-prometheus-text-format') as (text: string) => Array<{
  name: string
  type: string
  metrics: Array<{ labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string }>
}>

const CREDS: Credentials = { accessKeyId: 'LTAImetricstest00001', accessKeySecret: 'metrics-secret-0123456789abcdef' }

function sendFresh(host: string, req: SignedRequest): Promise<number> {
  const i = host.lastIndexOf(':')
  return new Promise((resolve, reject) => {
    const r = request(
      { hostname: host.slice(0, i), port: Number(host.slice(i + 1)), method: req.method, path: req.path, agent: false, headers: { ...req.headers, 'content-length': req.body.length } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    r.on('error', reject)
    r.end(req.body)
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

describe('metrics across workers', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'openkms-metrics-'))
  const auditFile = join(root, 'audit.jsonl')
  let server: ServerProcess
  let metricsPort: number
  before(async () => {
    metricsPort = await freePort()
    server = await spawnServer({
      dataDir: join(root, 'data'),
      credentials: CREDS,
      workers: 2,
      args: ['--metrics-port', String(metricsPort)],
      env: { OPENKMS_AUDIT_FILE: auditFile },
    })
  })
  after(async () => {
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  const scrape = async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/)
    const text = await res.text()
    return { families: parsePrometheus(text), text }
  }
  const counter = (families: ReturnType<typeof parsePrometheus>, name: string, labels: Record<string, string>) =>
    (families.find((f) => f.name === name)?.metrics ?? [])
      .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
      .reduce((sum, m) => sum + Number(m.value ?? m.count ?? 0), 0)

  it('counts every request once, summed over both workers, by action and result code', async () => {
    const ok = 12
    const refused = 5
    for (let i = 0; i < ok; i++) assert.equal(await sendFresh(server.host, signRequest(CREDS, 'DescribeRegions', {}, { style: 'v3', host: server.host })), 200)
    for (let i = 0; i < refused; i++)
      assert.equal(await sendFresh(server.host, signRequest(CREDS, 'DescribeKey', { KeyId: `key-missing-${i}` }, { style: 'v3', host: server.host })), 404)
    const { families, text } = await scrape()
    assert.equal(counter(families, 'openkms_requests_total', { plane: 'openapi', action: 'DescribeRegions', code: 'Success', status: '200' }), ok)
    assert.equal(counter(families, 'openkms_requests_total', { plane: 'openapi', action: 'DescribeKey', code: 'Forbidden.KeyNotFound' }), refused)
    const latency = families.find((f) => f.name === 'openkms_request_duration_seconds')
    assert.equal(latency?.type, 'HISTOGRAM')
    // The parser folds a labelled histogram's buckets into one unlabelled sample; its per-action count is read from the text.
    assert.match(text, new RegExp(`^openkms_request_duration_seconds_count\\{plane="openapi",action="DescribeRegions"\\} ${ok}$`, 'm'))
    for (const name of [
      'openkms_requests_in_flight', 'openkms_key_cache_lookups_total', 'openkms_nonce_claim_duration_seconds', 'openkms_database_duration_seconds',
      'openkms_crypto_queue_depth', 'openkms_audit_backlog', 'openkms_audit_healthy', 'openkms_certificate_expiry_timestamp_seconds', 'openkms_keys_rotation_due',
    ])
      assert.ok(families.some((f) => f.name === name), `${name} is exported`)
    const expiry = families.find((f) => f.name === 'openkms_certificate_expiry_timestamp_seconds')?.metrics ?? []
    const serverCert = expiry.find((m) => m.labels?.certificate === 'instance-server')
    assert.ok(serverCert && Number(serverCert.value) * 1000 > Date.now(), 'the server certificate expires in the future, not summed over workers')
    assert.ok(Number(serverCert.value) * 1000 < Date.now() + 5 * 366 * 24 * 3600 * 1000)
    assert.equal(counter(families, 'openkms_audit_healthy', {}), 1)
    assert.match(text, new RegExp(`^openkms_nonce_claim_duration_seconds_count ${ok + refused}$`, 'm'))
  })

  it('writes one audit chain per worker into the shared file; both verify once the server stops', async () => {
    await server.stop()
    const chains = new Set(readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { chain: string }).chain))
    assert.equal(chains.size, 2, 'both workers served and audited')
    const { stdout } = await promisify(execFile)(process.execPath, [OPENKMS_BIN, 'audit', 'verify', auditFile, '--data-dir', join(root, 'data')])
    assert.match(stdout, /OK \(2 chains\)/)
  })
})
