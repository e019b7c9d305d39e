/**
 * Operator certificate files (OPENKMS_TLS_CERT_FILE / OPENKMS_TLS_KEY_FILE): `openkms serve` serves them over
 * HTTPS, and on SIGHUP re-reads them for new connections while open keep-alive connections carry on; files that
 * do not load (a key that does not match) leave the previous certificate in service. Certificates are made with
 * the openssl CLI, an implementation independent of openkms.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:https'
import { connect, type PeerCertificate } from 'node:tls'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnServer, type ServerProcess } from '../support/server-process.js'
import { TEST_AK } from '../support/test-app.js'

function issue(dir: string, name: string): void {
  const sh = (cmd: string) => execFileSync('sh', ['-c', cmd], { cwd: dir, stdio: 'pipe' })
  sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ${name}.key -out ${name}.csr -subj /CN=${name}`)
  sh(`printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth\\n' > ${name}.ext`)
  sh(`openssl x509 -req -in ${name}.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -sha256 -extfile ${name}.ext -out ${name}.pem`)
}

function peerCertificate(port: number, ca: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ca }, () => {
      resolve(s.getPeerCertificate())
      s.destroy()
    })
    s.once('error', reject)
  })
}

function get(agent: Agent, port: number, path: string): Promise<{ status: number; localPort: number }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      const localPort = res.socket.localPort ?? 0
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, localPort }))
    })
    r.on('error', reject)
    r.end()
  })
}

describe('operator certificate files, reloaded on SIGHUP', () => {
  let dir: string
  let server: ServerProcess
  let ca: string
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openkms-tls-'))
    execFileSync('sh', ['-c', 'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=operator-ca'], { cwd: dir, stdio: 'pipe' })
    issue(dir, 'first')
    issue(dir, 'second')
    copyFileSync(join(dir, 'first.pem'), join(dir, 'server.pem'))
    copyFileSync(join(dir, 'first.key'), join(dir, 'server.key'))
    ca = readFileSync(join(dir, 'ca.pem'), 'utf8')
    server = await spawnServer({
      dataDir: join(dir, 'data'),
      credentials: TEST_AK,
      workers: 1,
      args: ['--tls-cert-file', join(dir, 'server.pem'), '--tls-key-file', join(dir, 'server.key')],
    })
  })
  after(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves the files; SIGHUP swaps the certificate for new connections without dropping open ones', async () => {
    const port = Number(server.host.split(':').pop())
    assert.match(server.output(), /endpoint:\s+https:\/\//)
    assert.equal((await peerCertificate(port, ca)).subject.CN, 'first')
    const agent = new Agent({ ca, keepAlive: true, maxSockets: 1 })
    const before = await get(agent, port, '/healthz')
    assert.equal(before.status, 200)

    // A key that does not belong to the certificate: the reload is refused and 'first' stays in service.
    copyFileSync(join(dir, 'second.pem'), join(dir, 'server.pem'))
    process.kill(server.pid, 'SIGHUP')
    await new Promise((r) => setTimeout(r, 500))
    assert.equal((await peerCertificate(port, ca)).subject.CN, 'first')
    assert.match(server.output(), /does not belong to the certificate/)

    copyFileSync(join(dir, 'second.key'), join(dir, 'server.key'))
    process.kill(server.pid, 'SIGHUP')
    const deadline = Date.now() + 10_000
    while ((await peerCertificate(port, ca)).subject.CN !== 'second') {
      assert.ok(Date.now() < deadline, 'the new certificate is served within 10 s')
      await new Promise((r) => setTimeout(r, 100))
    }
    // The keep-alive connection opened before the reload is still the one in use, and still served.
    const after = await get(agent, port, '/healthz')
    assert.deepEqual([after.status, after.localPort], [200, before.localPort])
    agent.destroy()
  })
})
