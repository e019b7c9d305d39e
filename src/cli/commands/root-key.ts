/**
 * `openkms root-key rotate`: re-wraps everything under a new root key in one transaction
 * (runtime/root-key-rotation.ts). The new key is written to a file before the database changes, so a
 * crash cannot leave the database under a key nobody has. docs/deployment.md ("Root key") has the procedure.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { Command } from 'commander'
import type { KmsConfig } from '../../config.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { loadOrCreateRootKey, rootKeyPath } from '../../runtime/root-key.js'
import { rotateRootKey } from '../../runtime/root-key-rotation.js'
import { ensureRootKeyMatches } from '../../runtime/root-key-check.js'
import { openStore, SQLITE_FILE_NAME } from '../../store/open-store.js'
import { sqliteInUse } from '../../store/sqlite-restore.js'
import { otherProcessesConnected } from '../../store/sql/maintenance.js'
import { reportErrors } from '../report-errors.js'
import { requireExistingInstallation } from '../data-dir.js'

/** The configured root key; unlike a server start, never creates one. */
export function existingRootKey(config: KmsConfig): Buffer {
  if (!config.rootKeyBase64 && !existsSync(rootKeyPath(config)))
    throw new Error(`openkms: no root key (neither OPENKMS_ROOT_KEY nor ${rootKeyPath(config)}); put the installation's root key in place first`)
  return loadOrCreateRootKey(config).key
}

/** Refuses while other openkms processes use the database, unless forced. */
export async function refuseIfInUse(config: KmsConfig, force: boolean, what: string): Promise<void> {
  if (force) return
  if (!config.databaseUrl) {
    if (sqliteInUse(join(config.dataDir, SQLITE_FILE_NAME)))
      throw new Error(`openkms ${what}: the database is open in another process; stop every openkms process first (or --force)`)
    return
  }
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, admin: true })
  try {
    const others = await otherProcessesConnected(store)
    if (others > 0) throw new Error(`openkms ${what}: ${others} openkms process(es) are connected to the database; stop every node first (or --force)`)
  } finally {
    await store.close()
  }
}

function newKeyFrom(flags: { newKeyFile?: string; out?: string }, config: KmsConfig): { key: Buffer; path: string; generated: boolean } {
  if (flags.newKeyFile) {
    if (!existsSync(flags.newKeyFile)) throw new Error(`openkms root-key rotate: ${flags.newKeyFile} does not exist`)
    return { key: loadOrCreateRootKey({ dataDir: config.dataDir, rootKeyFile: flags.newKeyFile }).key, path: flags.newKeyFile, generated: false }
  }
  const path = flags.out ?? `${rootKeyPath(config)}.new`
  if (existsSync(path))
    throw new Error(`openkms root-key rotate: ${path} exists (an earlier attempt?); use it with --new-key-file ${path}, or remove it`)
  writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 })
  return { key: loadOrCreateRootKey({ dataDir: config.dataDir, rootKeyFile: path }).key, path, generated: true }
}

type RotateFlags = Parameters<typeof configFromFlags>[0] & { newKeyFile?: string; out?: string; force?: boolean }

async function rotate(flags: RotateFlags): Promise<void> {
  const config = configFromFlags(flags)
  requireExistingInstallation(config, { command: 'root-key rotate' })
  const oldKey = existingRootKey(config)
  await refuseIfInUse(config, flags.force === true, 'root-key rotate')
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, admin: true })
  let next: ReturnType<typeof newKeyFrom>
  try {
    await ensureRootKeyMatches(store, oldKey)
    next = newKeyFrom(flags, config)
    const report = await rotateRootKey(store, oldKey, next.key)
    const counts = Object.entries(report).map(([where, n]) => `${where}: ${n}`)
    process.stdout.write(`root key rotated; values re-wrapped: ${counts.join(', ')}\n`)
  } finally {
    await store.close()
  }
  const current = rootKeyPath(config)
  if (!config.rootKeyBase64 && next.generated && !flags.out) {
    renameSync(current, `${current}.old`)
    renameSync(next.path, current)
    process.stdout.write(`the new key is now ${current}; the old one was kept as ${current}.old\n`)
  } else process.stdout.write(`the new key is in ${next.path}\n`)
  process.stdout.write(
    'Give every node the new key (OPENKMS_ROOT_KEY_FILE or OPENKMS_ROOT_KEY) before starting it; a node still on the old key refuses to start.\n' +
      'Keep the old key only as long as backups taken before this rotation must stay restorable, then destroy it.\n',
  )
}

export function registerRootKey(program: Command): void {
  const group = program.command('root-key').description('manage the root key that wraps every secret at rest')
  withStoreOptions(group.command('rotate').description('re-wrap everything under a new root key (all nodes stopped)'))
    .option('--new-key-file <path>', 'use this new key (32 bytes, base64) instead of generating one')
    .option('--out <path>', 'where a generated key is written (default <root key file>.new)')
    .option('--force', 'rotate even though other openkms processes seem to use the database')
    .action(reportErrors(rotate))
}
