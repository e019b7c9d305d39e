import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite.js';
import { openPostgresStore } from './postgres.js';
/** Name of the SQLite database inside the data directory. */
export const SQLITE_FILE_NAME = 'openkms.db';
/**
 * Opens the store the configuration asks for: PostgreSQL when `databaseUrl` is set, otherwise SQLite in
 * `<dataDir>/openkms.db` (the directory is created owner-only, since it holds wrapped secrets). `admin`
 * opens it for a one-off maintenance command: a small pool and no change listener.
 */
export async function openStore(opts) {
    if (opts.databaseUrl)
        return openPostgresStore({ url: opts.databaseUrl, ...(opts.admin ? { poolSize: 2, listen: false, changePollMs: 0 } : {}) });
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    return openSqliteStore({ file: join(opts.dataDir, SQLITE_FILE_NAME) });
}
