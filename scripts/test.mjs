#!/usr/bin/env node
// Builds dist/, then runs every *.test.ts under src/, test/ and packages/ with node's test runner (TypeScript through tsx).
// Extra arguments are passed to the runner, e.g. `npm test -- --test-name-pattern=CreateKey`.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

function find(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'dist') continue
    if (statSync(path).isDirectory()) out.push(...find(path))
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

// Bring dist/ up to date first (incremental): tests that spawn `bin/openkms.js` run the compiled build, exactly
// what users run, and a type error anywhere fails the run before any test does.
const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
if (build.status !== 0) {
  process.stderr.write('openkms: the build (tsc -p tsconfig.build.json) failed; fix the errors above\n')
  process.exit(build.status ?? 1)
}
// The web console's bundle (dist/console), which the browser tests load; skipped when it is up to date.
const consoleBuild = spawnSync(process.execPath, ['scripts/build-console.mjs'], { stdio: 'inherit' })
if (consoleBuild.status !== 0) {
  process.stderr.write('openkms: the console build (scripts/build-console.mjs) failed; fix the errors above\n')
  process.exit(consoleBuild.status ?? 1)
}

const args = process.argv.slice(2)
const onlyFiles = args.filter((a) => a.endsWith('.ts'))
const runnerArgs = args.filter((a) => !a.endsWith('.ts'))
const files = onlyFiles.length > 0 ? onlyFiles : [...find('src'), ...find('test'), ...find('packages')].sort()
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...runnerArgs, ...files],
  { stdio: 'inherit', env: { ...process.env, OPENKMS_LOG_LEVEL: process.env.OPENKMS_LOG_LEVEL ?? 'silent' } },
)
process.exit(result.status ?? 1)
