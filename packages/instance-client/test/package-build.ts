/** Builds the package with tsc (from the repository's sources) once per test process; returns its directory. */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))
const REPO = fileURLToPath(new URL('../../..', import.meta.url))
let built = false

export function buildPackage(): string {
  if (!built) {
    execFileSync(process.execPath, [`${REPO}node_modules/typescript/bin/tsc`, '-p', `${PACKAGE_DIR}tsconfig.json`], { stdio: 'inherit' })
    built = true
  }
  return PACKAGE_DIR
}
