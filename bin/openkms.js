#!/usr/bin/env node
// Runs the compiled build (dist/, made by `npm run build`, which `npm install` runs) when it is at least as new
// as every source file; otherwise the TypeScript sources through tsx, so a checkout that changed after its last
// build (a pull, an edit) never runs stale code. OPENKMS_FROM_SOURCE=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs'

const root = new URL('..', import.meta.url)
const compiled = new URL('dist/cli/main.js', root)
const buildInfo = new URL('dist/.tsbuildinfo', root)

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

const fresh =
  process.env.OPENKMS_FROM_SOURCE !== '1' &&
  existsSync(compiled) &&
  existsSync(buildInfo) &&
  statSync(buildInfo).mtimeMs >= newestSource(new URL('src/', root))

if (fresh) {
  await import(compiled.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
