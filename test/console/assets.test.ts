/**
 * The console's static files on the control plane: strict headers on every answer, only files present at start,
 * the mount path configurable and the console off when disabled, hostile paths refused without touching the disk.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { checkConsolePath, consoleAssets, defaultConsoleDir } from '../../src/protocol/console-assets.js'
import { configFromEnv } from '../../src/config.js'
import { startTestApp, type TestApp } from '../support/test-app.js'
import { ensureConsoleBuilt } from './browser.js'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw request: the path is sent exactly as given (no URL normalisation of `..`). */
function get(port: number, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function assertStrictHeaders(a: Answer): void {
  const csp = String(a.headers['content-security-policy'])
  assert.match(csp, /default-src 'self'/)
  assert.match(csp, /script-src 'self'(;|$)/)
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
  assert.match(csp, /frame-ancestors 'none'/)
  assert.equal(a.headers['x-frame-options'], 'DENY')
  assert.equal(a.headers['referrer-policy'], 'no-referrer')
  assert.equal(a.headers['x-content-type-options'], 'nosniff')
}

describe('console assets handler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-console-assets-'))
  const secretDir = mkdtempSync(join(tmpdir(), 'openkms-console-outside-'))
  let server: Server
  let port: number
  before(async () => {
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="./assets/app-1a2b.js"></script>')
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)')
    writeFileSync(join(dir, 'notes.md'), 'not a served type')
    writeFileSync(join(secretDir, 'secret.txt'), 'outside')
    const assets = consoleAssets({ path: '/console', dir })
    server = createServer((req, res) => {
      if (!assets.serve(req, res)) res.writeHead(418).end('api')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
  })
  after(() => {
    server.close()
    rmSync(dir, { recursive: true, force: true })
    rmSync(secretDir, { recursive: true, force: true })
  })

  it('serves the page with strict headers, not cached, and hashed bundles as immutable', async () => {
    const page = await get(port, '/console/')
    assert.equal(page.status, 200)
    assert.match(String(page.headers['content-type']), /^text\/html/)
    assert.equal(page.headers['cache-control'], 'no-cache')
    assertStrictHeaders(page)
    const js = await get(port, '/console/assets/app-1a2b.js?v=1')
    assert.equal(js.status, 200)
    assert.equal(js.body, 'console.log(1)')
    assert.match(String(js.headers['content-type']), /^text\/javascript/)
    assert.match(String(js.headers['cache-control']), /immutable/)
    assertStrictHeaders(js)
    const head = await get(port, '/console/', 'HEAD')
    assert.equal(head.status, 200)
    assert.equal(head.body, '')
  })

  it('redirects the bare mount path to the one with a slash', async () => {
    const r = await get(port, '/console')
    assert.equal(r.status, 308)
    assert.equal(r.headers.location, '/console/')
  })

  it('leaves every other path to the API', async () => {
    for (const path of ['/', '/?Action=ListKeys', '/consoles', '/consolex/', '/Console/']) assert.equal((await get(port, path)).status, 418, path)
  })

  it('refuses hostile and unknown paths and other methods, with the same strict headers', async () => {
    const rel = `/console/../${secretDir.split('/').pop()}/secret.txt`
    for (const path of ['/console/../package.json', '/console/..%2f..%2fetc/passwd', '/console/%2e%2e/index.html', rel, '/console/notes.md', '/console/assets/', '/console//index.html', '/console/index.html%00.js']) {
      const r = await get(port, path)
      assert.equal(r.status, 404, path)
      assert.doesNotMatch(r.body, /outside|root:/)
      assertStrictHeaders(r)
    }
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const r = await get(port, '/console/', method)
      assert.equal(r.status, 405, method)
      assert.equal(r.headers.allow, 'GET, HEAD')
    }
  })

  it('says the console is not built when its folder is empty', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'openkms-console-empty-'))
    const assets = consoleAssets({ path: '/ui', dir: empty })
    const s = createServer((req, res) => void (assets.serve(req, res) || res.writeHead(418).end()))
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
    const r = await get((s.address() as AddressInfo).port, '/ui/')
    s.close()
    rmSync(empty, { recursive: true, force: true })
    assert.equal(r.status, 503)
    assert.match(r.body, /npm run build/)
    assertStrictHeaders(r)
  })

  it('reads OPENKMS_CONSOLE and OPENKMS_CONSOLE_PATH', () => {
    assert.equal(configFromEnv({}).console, true)
    assert.equal(configFromEnv({}).consolePath, '/console')
    for (const off of ['false', 'FALSE', '0', 'no', 'off']) assert.equal(configFromEnv({ OPENKMS_CONSOLE: off }).console, false, off)
    for (const on of ['true', '1', 'yes', '']) assert.equal(configFromEnv({ OPENKMS_CONSOLE: on }).console, true, on)
    assert.equal(configFromEnv({ OPENKMS_CONSOLE_PATH: '/kms/ui' }).consolePath, '/kms/ui')
  })

  it('accepts only plain mount paths', () => {
    for (const ok of ['/console', '/ui', '/kms/console', '/a.b-c_d~e']) assert.equal(checkConsolePath(ok), ok)
    for (const bad of ['', '/', 'console', '/console/', '/a/../b', '/a/./b', '/a b', '/a?b', '/a#b', '//x', '/é']) assert.throws(() => checkConsolePath(bad), /OPENKMS_CONSOLE_PATH/, bad)
  })
})

describe('console on a running openkms', () => {
  let app: TestApp
  let custom: TestApp
  let off: TestApp
  before(async () => {
    ensureConsoleBuilt()
    ;[app, custom, off] = await Promise.all([
      startTestApp({}, { keyPoolSize: 0 }),
      startTestApp({ consolePath: '/kms/ui' }, { keyPoolSize: 0 }),
      startTestApp({ console: false }, { keyPoolSize: 0 }),
    ])
  })
  after(() => Promise.all([app.stop(), custom.stop(), off.stop()]))

  it('serves the built console at /console/ by default, with no inline script', async () => {
    const r = await get(app.port, '/console/')
    assert.equal(r.status, 200)
    assertStrictHeaders(r)
    assert.match(r.body, /<script type="module" crossorigin src="\.\/assets\/[^"]+\.js"><\/script>/)
    assert.doesNotMatch(r.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is loaded from a file')
    assert.doesNotMatch(r.body, /https?:\/\//, 'nothing is fetched from another origin')
    assert.ok(defaultConsoleDir().endsWith(join('dist', 'console')))
  })

  it('serves it under OPENKMS_CONSOLE_PATH, and not at all when disabled', async () => {
    assert.equal((await get(custom.port, '/kms/ui/')).status, 200)
    assert.equal((await get(custom.port, '/console/')).headers['content-security-policy'], undefined)
    const disabled = await get(off.port, '/console/')
    assert.notEqual(disabled.status, 200)
    assert.equal(disabled.headers['content-security-policy'], undefined)
    assert.match(disabled.body, /"Code"/, 'the API answers instead')
  })
})
