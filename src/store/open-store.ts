import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Store } from './store.js'
import { openSqliteStore } from './sqlite.js'

/** Name of the SQLite database inside the data directory. */
export const SQLITE_FILE_NAME = 'openkms.db'

/**
 * Opens the store the configuration asks for: PostgreSQL when `databaseUrl` is set, otherwise SQLite in
 * `<dataDir>/openkms.db` (the directory is created owner-only, since it holds wrapped secrets).
 */
export async function openStore(opts: { dataDir: string; databaseUrl?: string }): Promise<Store> {
  if (opts.databaseUrl) {
    throw new Error(
      'openkms: PostgreSQL storage (databaseUrl / OPENKMS_DATABASE_URL) is not built yet; unset it to use SQLite in the data directory',
    )
  }
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 })
  return openSqliteStore({ file: join(opts.dataDir, SQLITE_FILE_NAME) })
}
