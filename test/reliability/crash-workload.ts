/**
 * The write workload of the crash test and its ledger of acknowledged writes. Several concurrent workers
 * create keys, aliases, key versions (on keys made 8 days earlier), ciphertexts and secret versions
 * with unique names until the server stops answering; only writes whose 200 answer arrived are recorded,
 * since a write cut off by the crash may or may not have been committed.
 */
import pino from 'pino'
import { findAction } from '../../src/actions/index.js'
import { initRuntime } from '../../src/runtime/app.js'
import { configFromEnv } from '../../src/config.js'
import { ManualClock } from '../../src/domain/clock.js'
import { DAY } from '../../src/domain/time.js'
import { createKey } from '../../src/services/keys/keys.js'
import { call, type Credentials } from '../support/signed-request.js'

export interface Ledger {
  keys: Set<string>
  /** Asymmetric keys old enough for CreateKeyVersion (one version per key per 7 days), not yet given one. */
  versionable: string[]
  /** Alias name → key id. */
  aliases: Map<string, string>
  /** Key id → version ids acknowledged by CreateKeyVersion. */
  versions: Map<string, string[]>
  ciphertexts: Array<{ blob: string; plaintext: string; context: string }>
  /** Secret name → version id → data. */
  secrets: Map<string, Map<string, string>>
  /** Answers that were neither 200 nor a transport failure (each a test failure). */
  unexpected: string[]
}

export function newLedger(): Ledger {
  return { keys: new Set(), versionable: [], aliases: new Map(), versions: new Map(), ciphertexts: [], secrets: new Map(), unexpected: [] }
}

/** Small seeded generator (mulberry32), so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Creates `count` EC_P256 keys dated 8 days back, in-process and before the server starts, so that the
 * workload can add a version to each: a key gets at most one new version per 7 days.
 */
export async function createAgedKeys(dataDir: string, creds: Credentials, ledger: Ledger, count: number): Promise<void> {
  const config = configFromEnv({}, { dataDir, accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret })
  const clock = new ManualClock(Date.now() - 8 * DAY)
  const { runtime } = await initRuntime(config, { clock, log: pino({ level: 'silent' }), keyPoolSize: 0 })
  try {
    for (let i = 0; i < count; i++) {
      const key = await createKey(runtime, {
        keySpec: 'EC_P256',
        keyUsage: 'SIGN/VERIFY',
        origin: 'Aliyun_KMS',
        description: 'aged',
        rotationInterval: null,
        dkmsInstanceId: null,
        policy: null,
        tags: [],
      })
      ledger.keys.add(key.keyId)
      ledger.versionable.push(key.keyId)
    }
  } finally {
    runtime.keyPool.close()
    await runtime.store.close()
  }
}

class ServerGone extends Error {}

/**
 * Runs `workers` concurrent loops of random writes against `host` until every loop has seen the server
 * go away (the caller kills it, typically from `onAck`). `tag` keeps names unique across cycles.
 */
export async function writeUntilCrash(
  host: string,
  creds: Credentials,
  ledger: Ledger,
  o: { workers: number; random: () => number; tag: string; onAck: (acknowledged: number) => void },
): Promise<number> {
  let seq = 0
  let acknowledged = 0
  const api = async (action: string, params: Record<string, string>) => {
    let r
    try {
      r = await call(host, creds, action, params, { style: o.random() < 0.5 ? 'v1' : 'v3' })
    } catch (e) {
      if (/non-JSON/.test((e as Error).message)) ledger.unexpected.push(`${action}: ${(e as Error).message}`)
      throw new ServerGone()
    }
    if (r.status !== 200) {
      ledger.unexpected.push(`${action} ${JSON.stringify(params).slice(0, 120)}: HTTP ${r.status} ${String(r.body.Code)} ${String(r.body.Message)}`)
      throw new ServerGone()
    }
    o.onAck(++acknowledged)
    return r.body
  }
  const anyKey = () => [...ledger.keys][Math.floor(o.random() * ledger.keys.size)]
  const aesKeys: string[] = []
  const ops: Array<() => Promise<void>> = [
    async () => {
      const md = (await api('CreateKey', { KeySpec: 'Aliyun_AES_256', Description: `crash ${o.tag}` })).KeyMetadata as Record<string, string>
      ledger.keys.add(md.KeyId as string)
      aesKeys.push(md.KeyId as string)
    },
    async () => {
      const key = anyKey()
      if (!key || !findAction('CreateAlias')) return
      const alias = `alias/crash-${o.tag}-${++seq}`
      await api('CreateAlias', { AliasName: alias, KeyId: key })
      ledger.aliases.set(alias, key)
    },
    async () => {
      const key = aesKeys[Math.floor(o.random() * aesKeys.length)]
      if (!key || !findAction('Encrypt')) return
      const plaintext = Buffer.from(`plaintext ${o.tag} ${++seq}`).toString('base64')
      const context = JSON.stringify({ n: String(seq) })
      const r = await api('Encrypt', { KeyId: key, Plaintext: plaintext, EncryptionContext: context })
      ledger.ciphertexts.push({ blob: r.CiphertextBlob as string, plaintext, context })
    },
    async () => {
      const keyId = ledger.versionable.pop()
      if (!keyId || !findAction('CreateKeyVersion')) return
      const v = (await api('CreateKeyVersion', { KeyId: keyId })).KeyVersion as Record<string, string>
      ledger.versions.set(keyId, [v.KeyVersionId as string])
    },
    async () => {
      if (!findAction('CreateSecret')) return
      const name = `crash/${o.tag}/${++seq}`
      const data = `value ${name} ${o.random()}`
      await api('CreateSecret', { SecretName: name, SecretData: data, VersionId: 'v1' })
      ledger.secrets.set(name, new Map([['v1', data]]))
      const next = `${data} (v2)`
      await api('PutSecretValue', { SecretName: name, SecretData: next, VersionId: 'v2' })
      ledger.secrets.get(name)!.set('v2', next)
    },
  ]
  const worker = async () => {
    try {
      for (;;) await (ops[Math.floor(o.random() * ops.length)] as () => Promise<void>)()
    } catch (e) {
      if (!(e instanceof ServerGone)) throw e
    }
  }
  await Promise.all(Array.from({ length: o.workers }, worker))
  return acknowledged
}
