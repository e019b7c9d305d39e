/**
 * Crash safety: `openkms serve` (a child process on SQLite) is SIGKILLed at a random moment of a mixed
 * concurrent write workload, several times. After each kill the database must pass its integrity check
 * (`PRAGMA integrity_check` and foreign keys, through the store's integrityCheck) and, once restarted,
 * the server must still have every write it acknowledged: keys, aliases, key versions, secret versions,
 * and every ciphertext it returned must still decrypt. The seed fixes the kill points and the operation mix
 * (concurrent workers draw from it in the order their answers arrive, so a rerun is close, not identical).
 */
import { after, before, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore } from '../../src/store/sqlite.js'
import { SQLITE_FILE_NAME } from '../../src/store/open-store.js'
import { spawnServer, type ServerProcess } from '../support/server-process.js'
import { call, type Credentials } from '../support/signed-request.js'
import { createAgedKeys, newLedger, seededRandom, writeUntilCrash, type Ledger } from './crash-workload.js'

const CREDS: Credentials = { accessKeyId: 'LTAIcrashaccesskey001', accessKeySecret: 'crash-secret-0123456789abcdef' }
const CYCLES = 4
const WORKERS = 6
const SEED = Number(process.env.OPENKMS_CRASH_SEED ?? 424242)
/** A cluster start from the TypeScript sources can take long on a busy machine. */
const START_TIMEOUT_MS = 180_000

let dataDir: string
let server: ServerProcess | undefined
const ledger: Ledger = newLedger()

async function integrityProblems(): Promise<string[]> {
  const store = await openSqliteStore({ file: join(dataDir, SQLITE_FILE_NAME) })
  try {
    return await store.integrityCheck()
  } finally {
    await store.close()
  }
}

/** Every acknowledged write, read back through the API; returns what is missing or wrong. */
async function lostWrites(host: string): Promise<string[]> {
  const lost: string[] = []
  const ok = async (action: string, params: Record<string, string>) => {
    const r = await call(host, CREDS, action, params)
    if (r.status !== 200) lost.push(`${action} ${JSON.stringify(params).slice(0, 100)}: ${r.status} ${String(r.body.Code)}`)
    return r.status === 200 ? r.body : undefined
  }
  for (const keyId of ledger.keys) await ok('DescribeKey', { KeyId: keyId })
  for (const [alias, keyId] of ledger.aliases) {
    const md = (await ok('DescribeKey', { KeyId: alias }))?.KeyMetadata as Record<string, string> | undefined
    if (md && md.KeyId !== keyId) lost.push(`${alias} points at ${md.KeyId}, not ${keyId}`)
  }
  for (const [keyId, versions] of ledger.versions) for (const v of versions) await ok('DescribeKeyVersion', { KeyId: keyId, KeyVersionId: v })
  for (const c of ledger.ciphertexts) {
    const r = await ok('Decrypt', { CiphertextBlob: c.blob, EncryptionContext: c.context })
    if (r && r.Plaintext !== c.plaintext) lost.push(`ciphertext ${c.blob.slice(0, 20)}… decrypts to something else`)
  }
  for (const [name, versions] of ledger.secrets)
    for (const [versionId, data] of versions) {
      const r = await ok('GetSecretValue', { SecretName: name, VersionId: versionId })
      if (r && r.SecretData !== data) lost.push(`secret ${name} ${versionId} has other data`)
    }
  return lost
}

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'openkms-crash-'))
})
after(async () => {
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

it(`acknowledged writes survive ${CYCLES} SIGKILLs mid-workload, and the database stays intact (seed ${SEED})`, async (t) => {
  const random = seededRandom(SEED)
  await createAgedKeys(dataDir, CREDS, ledger, 60)
  let total = 0
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    server = await spawnServer({ dataDir, credentials: CREDS, timeoutMs: START_TIMEOUT_MS })
    const lost = await lostWrites(server.host)
    assert.deepEqual(lost, [], `after crash ${cycle - 1}: acknowledged writes lost`)
    // Killed after a random number of acknowledged writes, so every cycle does real work however slow the machine.
    const killAt = 15 + Math.floor(random() * 40)
    const live = server
    let killed: Promise<void> | undefined
    const onAck = (n: number) => {
      if (n >= killAt) killed ??= live.kill()
    }
    const acknowledged = await writeUntilCrash(server.host, CREDS, ledger, { workers: WORKERS, random, tag: `c${cycle}`, onAck })
    await (killed ?? live.kill())
    total += acknowledged
    t.diagnostic(`cycle ${cycle}: started in ${Math.round(server.startupMs)} ms, killed after ${killAt} acknowledged writes (${acknowledged} in all)`)
    assert.deepEqual(ledger.unexpected, [], 'answers other than 200 during the workload')
    assert.deepEqual(await integrityProblems(), [], `integrity check after crash ${cycle}`)
  }
  server = await spawnServer({ dataDir, credentials: CREDS, timeoutMs: START_TIMEOUT_MS })
  assert.deepEqual(await lostWrites(server.host), [], `after crash ${CYCLES}: acknowledged writes lost`)
  assert.ok(total > 0 && ledger.keys.size > 0, 'the workload got writes acknowledged before the kills')
  await server.stop()
  server = undefined
  assert.deepEqual(await integrityProblems(), [], 'integrity check after the final clean stop')
})
