/**
 * The built package stands on its own: every module it loads is inside dist/, a Node built-in, or one of its
 * declared dependencies; and an application resolves it by name (`@openkms/instance-client`, through `exports`).
 */
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPackage } from './package-build.js'

const REPO_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url))

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : []
  })
}

describe('@openkms/instance-client package', () => {
  let pkgDir: string
  let manifest: { name: string; dependencies: Record<string, string>; exports: Record<string, { import: string }>; files: string[] }
  before(() => {
    pkgDir = buildPackage()
    manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as typeof manifest
  })

  it('imports only its own files, node: built-ins and its declared dependencies', () => {
    const dist = join(pkgDir, 'dist')
    const files = jsFiles(dist)
    assert.ok(files.some((f) => f.endsWith(join('instance-wire', 'proto.js'))), 'the wire contract is compiled in')
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g)) {
        const spec = m[1] as string
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec)
          assert.ok(target.startsWith(dist), `${file} imports ${spec}, outside the package`)
          assert.ok(statSync(target).isFile(), `${file} imports ${spec}, which was not built`)
        } else if (!spec.startsWith('node:')) {
          assert.ok(Object.hasOwn(manifest.dependencies, spec), `${file} imports ${spec}, not a declared dependency`)
        }
      }
    }
  })

  it('an application imports it by name and gets a working client class', () => {
    const app = mkdtempSync(join(tmpdir(), 'openkms-client-app-'))
    try {
      mkdirSync(join(app, 'node_modules', '@openkms'), { recursive: true })
      symlinkSync(pkgDir, join(app, 'node_modules', '@openkms', 'instance-client'), 'dir')
      for (const dep of Object.keys(manifest.dependencies)) symlinkSync(join(REPO_MODULES, dep), join(app, 'node_modules', dep), 'dir')
      writeFileSync(
        join(app, 'main.mjs'),
        [
          "import { InstanceClient, InstanceApiError } from '@openkms/instance-client'",
          "let refused = ''",
          "try { new InstanceClient({ endpoint: 'localhost:1', clientKeyContent: '{}', password: 'x', ca: 'none' }) } catch (e) { refused = e.message }",
          "console.log(JSON.stringify({ client: typeof InstanceClient, error: typeof InstanceApiError, refused }))",
        ].join('\n'),
      )
      const out = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: app, encoding: 'utf8' })) as Record<string, string>
      assert.equal(out.client, 'function')
      assert.equal(out.error, 'function')
      assert.ok(out.refused.length > 0, 'a bad configuration is refused at construction')
    } finally {
      rmSync(app, { recursive: true, force: true })
    }
  })

  it('publishes dist/ and the README, from an ES module entry point', () => {
    assert.equal(manifest.name, '@openkms/instance-client')
    assert.deepEqual(manifest.files, ['dist', 'README.md'])
    assert.equal(manifest.exports['.']?.import, './dist/instance-client/index.js')
    assert.ok(statSync(join(pkgDir, 'dist', 'instance-client', 'index.d.ts')).isFile(), 'types are built')
  })
})
