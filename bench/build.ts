/**
 * The benchmarks measure the server as `npm install` ships it: compiled JavaScript, not the TypeScript
 * sources through tsx (whose loader would be part of every start-up figure). The tree is compiled with the
 * project's tsconfig.build.json into a private, incremental output in .bench-build/, so an older
 * or half-written dist/ of the working tree is never what gets measured.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
// Inside the working tree (node_modules may be a link shared by several trees, whose outputs must not mix);
// modules resolve from here through the tree's node_modules.
const OUT = join(ROOT, '.bench-build')

/** Compiles src/ and returns the compiled CLI entry (`…/dist/cli/main.js`). */
export function buildServer(log: (line: string) => void): string {
  const started = performance.now()
  const tsc = require.resolve('typescript/bin/tsc')
  const r = spawnSync(
    process.execPath,
    [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(OUT, 'dist'), '--tsBuildInfoFile', join(OUT, 'tsbuildinfo'), '--sourceMap', 'false', '--noCheck'],
    { cwd: ROOT, encoding: 'utf8', timeout: 600_000 },
  )
  const entry = join(OUT, 'dist', 'cli', 'main.js')
  if (!existsSync(entry)) throw new Error(`compiling the server failed:\n${r.stdout}${r.stderr}`)
  // Type checking is `npm run typecheck`'s job (--noCheck); a failure here is a syntax or config error.
  if (r.status !== 0) log(`  note: tsc reported errors (emitted anyway):\n${r.stdout.split('\n').slice(0, 5).join('\n')}`)
  log(`compiled the server in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return entry
}
