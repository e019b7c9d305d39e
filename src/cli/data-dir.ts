/**
 * In-process administration works on an existing installation. Run from the wrong directory, opening the store
 * would silently create a new, empty instance (new root key, new database) and answer from it; instead the
 * commands refuse unless asked to create one (`openkms init`, or `--create`).
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { KmsConfig } from '../config.js'
import { SQLITE_FILE_NAME } from '../store/open-store.js'

export function requireExistingInstallation(config: KmsConfig, opts: { create?: boolean; command: string }): void {
  if (opts.create || config.databaseUrl) return
  const file = join(config.dataDir, SQLITE_FILE_NAME)
  if (existsSync(file)) return
  throw new Error(
    `openkms ${opts.command}: no openkms installation in ${resolve(config.dataDir)} (no ${SQLITE_FILE_NAME}). ` +
      'Give --data-dir (or OPENKMS_DATA_DIR) of an existing one, create one with `openkms init` (or --create), ' +
      'or talk to a running server with --endpoint / OPENKMS_ENDPOINT.',
  )
}
