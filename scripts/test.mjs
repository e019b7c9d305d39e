#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (TypeScript through tsx).
// Extra arguments are passed to the runner, e.g. `npm test -- --test-name-pattern=CreateKey`.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

function find(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...find(path))
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const args = process.argv.slice(2)
const onlyFiles = args.filter((a) => a.endsWith('.ts'))
const runnerArgs = args.filter((a) => !a.endsWith('.ts'))
const files = onlyFiles.length > 0 ? onlyFiles : [...find('src'), ...find('test')].sort()
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...runnerArgs, ...files],
  { stdio: 'inherit', env: { ...process.env, OPENKMS_LOG_LEVEL: process.env.OPENKMS_LOG_LEVEL ?? 'silent' } },
)
process.exit(result.status ?? 1)
