/**
 * `openkms backup <file>` and `openkms restore <file>` for SQLite (online backup; checked restore). A
 * PostgreSQL installation is backed up with PostgreSQL's own tools; the commands say how. A backup holds
 * wrapped values only: it is useless without the root key, which must be kept (separately) as well.
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import type { KmsConfig } from '../../config.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { SQLITE_FILE_NAME } from '../../store/open-store.js'
import { backupSqlite, openSqliteStore } from '../../store/sqlite.js'
import { inspectSqliteBackup, restoreSqlite } from '../../store/sqlite-restore.js'
import { rootKeyCheckValue } from '../../runtime/root-key-check.js'
import { existingRootKey, refuseIfInUse } from './root-key.js'
import { reportErrors } from '../report-errors.js'

const POSTGRES_HELP = `openkms stores this installation in PostgreSQL; back it up and restore it with PostgreSQL's tools:
  pg_dump --format=custom --file=openkms.dump "$OPENKMS_DATABASE_URL"
  pg_restore --clean --if-exists --no-owner --dbname="$OPENKMS_DATABASE_URL" openkms.dump   (every node stopped)
or continuous archiving (base backups + WAL, point-in-time recovery). See docs/deployment.md ("Backups").
`

function sqliteFile(config: KmsConfig): string {
  return join(config.dataDir, SQLITE_FILE_NAME)
}

type Flags = Parameters<typeof configFromFlags>[0] & { force?: boolean }

async function backup(file: string, flags: Flags): Promise<void> {
  const config = configFromFlags(flags)
  if (config.databaseUrl) {
    process.stderr.write(POSTGRES_HELP)
    process.exitCode = 2
    return
  }
  if (!existsSync(sqliteFile(config))) throw new Error(`openkms backup: no database at ${sqliteFile(config)}`)
  if (existsSync(file) && !flags.force) throw new Error(`openkms backup: ${file} exists (use --force to overwrite)`)
  writeFileSync(file, '', { mode: 0o600 })
  chmodSync(file, 0o600)
  const store = await openSqliteStore({ file: sqliteFile(config) })
  try {
    const pages = await backupSqlite(store, file)
    process.stdout.write(`backed up ${pages} pages to ${file}\nKeep the root key too (separately): without it the backup cannot be read.\n`)
  } finally {
    await store.close()
  }
}

async function restore(file: string, flags: Flags): Promise<void> {
  const config = configFromFlags(flags)
  if (config.databaseUrl) {
    process.stderr.write(POSTGRES_HELP)
    process.exitCode = 2
    return
  }
  const force = flags.force === true
  const info = inspectSqliteBackup(file)
  if (info.problems.length > 0) throw new Error(`openkms restore: ${file} is not a usable backup:\n  ${info.problems.join('\n  ')}`)
  const key = existingRootKey(config)
  if (info.rootKeyCheck !== undefined && info.rootKeyCheck !== rootKeyCheckValue(key) && !force)
    throw new Error('openkms restore: the backup was made under another root key; configure that key first (or --force)')
  await refuseIfInUse(config, force, 'restore')
  const target = sqliteFile(config)
  const keepAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
  const problems = await restoreSqlite(file, target, keepAs)
  if (problems.length > 0) throw new Error(`openkms restore: the restored database reports problems:\n  ${problems.join('\n  ')}`)
  process.stdout.write(
    `restored ${file} (schema ${info.schemaVersion}, instance ${info.instanceId ?? 'unknown'}) into ${target}` +
      `${existsSync(keepAs) ? `\nthe previous database was kept as ${keepAs}` : ''}\n`,
  )
}

export function registerBackup(program: Command): void {
  withStoreOptions(program.command('backup <file>').description('copy the live SQLite database to <file> (online)'))
    .option('--force', 'overwrite <file>')
    .action(reportErrors(backup))
  withStoreOptions(program.command('restore <file>').description('replace the SQLite database by a backup (every process stopped)'))
    .option('--force', 'restore even if the database is open elsewhere or the backup was made under another root key')
    .action(reportErrors(restore))
}
