#!/usr/bin/env node
// Builds the web console into dist/console: describes the action registry for the console's forms
// (scripts/console-actions.ts → console/src/generated/actions.json), then bundles console/ with Vite.
// Skips both when dist/console is newer than every source it depends on (console/ and src/), so `npm start`
// and the test runner can call it every time. `--force` rebuilds regardless.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const stamp = `${root}dist/console/.built`
const generated = `${root}console/src/generated`

function newest(dir) {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) {
      if (path !== generated && entry.name !== 'node_modules') t = Math.max(t, newest(path))
    } else t = Math.max(t, statSync(path).mtimeMs)
  }
  return t
}

const inputs = Math.max(newest(`${root}console`), newest(`${root}src`), statSync(`${root}scripts/console-actions.ts`).mtimeMs)
if (!process.argv.includes('--force') && existsSync(stamp) && statSync(stamp).mtimeMs >= inputs) process.exit(0)

let vite
try {
  vite = await import('vite')
} catch {
  // Production installs (npm ci --omit=dev) have no Vite; the server then serves a "not built" page.
  process.stderr.write('openkms: Vite is not installed, so the web console was not built (install dev dependencies and run npm run build)\n')
  process.exit(0)
}

const described = spawnSync(process.execPath, ['--import', 'tsx', `${root}scripts/console-actions.ts`], { stdio: 'inherit', cwd: root })
if (described.status !== 0) {
  process.stderr.write('openkms: describing the action registry for the console failed\n')
  process.exit(described.status ?? 1)
}
await vite.build({ configFile: `${root}console/vite.config.ts` })
writeFileSync(stamp, `${new Date().toISOString()}\n`)
