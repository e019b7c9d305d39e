#!/usr/bin/env node
// Runs the compiled build (dist/, made by `npm run build`, which `npm install` and `npm start` run) when present;
// otherwise the TypeScript sources through tsx, so a checkout works before its first build.
import { existsSync } from 'node:fs'

const compiled = new URL('../dist/cli/main.js', import.meta.url)
if (existsSync(compiled) && process.env.OPENKMS_FROM_SOURCE !== '1') {
  await import(compiled.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
