/**
 * Loads the root key: from OPENKMS_ROOT_KEY (base64), from an operator-given file, or from `<dataDir>/root.key`,
 * which the first start creates with mode 0600. The key never enters the database.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { KmsConfig } from '../config.js'

export interface RootKeySource {
  key: Buffer
  /** Where it came from, for the start-up banner (never the key itself). */
  origin: string
  created: boolean
  /** Set when the key file is readable by others than its owner. */
  warning?: string
}

export function rootKeyPath(config: Pick<KmsConfig, 'dataDir' | 'rootKeyFile'>): string {
  return config.rootKeyFile ?? join(config.dataDir, 'root.key')
}

/**
 * `databaseInitialised`: the store already holds data wrapped under some root key. A missing key file is then
 * a lost or misplaced key, not a first start: creating a fresh random key would leave a file that can never
 * open this database (and that the next start would take as the real one), so the start is refused instead.
 */
export function loadOrCreateRootKey(
  config: Pick<KmsConfig, 'dataDir' | 'rootKeyFile' | 'rootKeyBase64'>,
  opts: { databaseInitialised?: boolean } = {},
): RootKeySource {
  if (config.rootKeyBase64) return { key: decodeRootKey(config.rootKeyBase64, 'OPENKMS_ROOT_KEY'), origin: 'environment', created: false }
  const path = rootKeyPath(config)
  if (opts.databaseInitialised && !existsSync(path))
    throw new Error(
      `openkms: the root key file ${path} is missing, but the database already holds data wrapped under a root key. ` +
        'Put the installation\'s root key back (or set OPENKMS_ROOT_KEY / OPENKMS_ROOT_KEY_FILE); no new key was written.',
    )
  try {
    // 'wx' fails if the file exists, so two processes starting together never write two different keys.
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 })
    return { key: readKeyFile(path), origin: path, created: true }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
  }
  const mode = statSync(path).mode & 0o777
  const warning = mode & 0o077 ? `root key file ${path} has mode ${mode.toString(8)}; it should be 600` : undefined
  return { key: readKeyFile(path), origin: path, created: false, warning }
}

function readKeyFile(path: string): Buffer {
  return decodeRootKey(readFileSync(path, 'utf8').trim(), path)
}

function decodeRootKey(text: string, where: string): Buffer {
  const key = Buffer.from(text, 'base64')
  if (key.length !== 32 || key.toString('base64') !== text)
    throw new Error(`${where}: the root key must be 32 bytes, base64-encoded`)
  return key
}
