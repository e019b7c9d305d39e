/**
 * Secrets at rest (docs/architecture.md "Secrets at rest"): after a workload through the API, the SQLite
 * files (openkms.db, -wal, -shm), read while the server runs and again after it stopped, contain none of:
 * the key material of any key version (exported in-process through the keyring), GenerateDataKey
 * plaintexts, Encrypt plaintexts, secret values, client-key passwords and private keys, the AccessKey
 * secret or the root key, in raw, base64 or hex form (test/reliability/leak-scan.ts).
 */
import { after, before, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import forge from 'node-forge'
import { findAction } from '../../src/actions/index.js'
import { wrapContext } from '../../src/services/keyring.js'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callOk } from '../support/signed-request.js'
import { findLeaks, secretParts, type Needle } from './leak-scan.js'

// The nonce file holds no secrets by design; it is scanned anyway, since every request writes to it.
const DB_FILES = ['openkms.db', 'openkms.db-wal', 'openkms.db-shm', 'openkms.db-nonces', 'openkms.db-nonces-wal', 'openkms.db-nonces-shm']
const KEY_SPECS = ['Aliyun_AES_256', 'Aliyun_AES_128', 'Aliyun_SM4', 'RSA_2048', 'EC_P256', 'EC_SM2']

let app: TestApp
const needles: Needle[] = []
const keyIds: string[] = []
const api = (action: string, params: Record<string, string>, style: 'v1' | 'v3' = 'v3') => callOk(app.endpoint, TEST_AK, action, params, { style })
const secretText = (label: string) => `${label}-${randomBytes(12).toString('hex')}`

function dbFiles(): Array<{ name: string; bytes: Buffer }> {
  return DB_FILES.filter((f) => existsSync(join(app.dataDir, f))).map((name) => ({ name, bytes: readFileSync(join(app.dataDir, name)) }))
}

/** The private key inside a client key's PKCS#12, opened with node-forge (not openkms's loader). */
function clientPrivateKeyParts(pkcs12Base64: string, password: string): Buffer[] {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(pkcs12Base64)), password)
  const bag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]
  const key = bag?.key as forge.pki.rsa.PrivateKey | undefined
  if (!key) return []
  const bytes = (n: forge.jsbn.BigInteger) => {
    const hex = n.toString(16)
    return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')
  }
  return [key.d, key.p, key.q].map(bytes)
}

async function workload(): Promise<void> {
  for (const [i, spec] of KEY_SPECS.entries()) {
    const md = (await api('CreateKey', { KeySpec: spec }, i % 2 ? 'v1' : 'v3')).KeyMetadata as Record<string, string>
    keyIds.push(md.KeyId as string)
    if (!spec.startsWith('Aliyun_')) continue
    const plaintext = randomBytes(32)
    needles.push({ label: `Encrypt plaintext (${spec})`, bytes: plaintext })
    await api('Encrypt', { KeyId: md.KeyId as string, Plaintext: plaintext.toString('base64') }, 'v1')
    for (const args of [{}, { NumberOfBytes: '64' }] as Array<Record<string, string>>) {
      const dk = await api('GenerateDataKey', { KeyId: md.KeyId as string, ...args })
      needles.push({ label: `GenerateDataKey plaintext (${spec})`, bytes: Buffer.from(dk.Plaintext as string, 'base64') })
    }
  }
  if (findAction('CreateSecret')) {
    const first = secretText('secret-value')
    const second = secretText('secret-value-2')
    const binary = randomBytes(40)
    await api('CreateSecret', { SecretName: 'at-rest/db', SecretData: first, VersionId: 'v1' })
    await api('PutSecretValue', { SecretName: 'at-rest/db', SecretData: second, VersionId: 'v2' }, 'v1')
    await api('CreateSecret', { SecretName: 'at-rest/bin', SecretData: binary.toString('base64'), SecretDataType: 'binary', VersionId: 'v1' })
    needles.push({ label: 'secret value v1', bytes: Buffer.from(first) }, { label: 'secret value v2', bytes: Buffer.from(second) })
    needles.push({ label: 'binary secret value', bytes: binary })
  }
  if (findAction('CreateClientKey')) {
    await api('CreatePolicy', { Name: 'at-rest', Permissions: JSON.stringify(['RbacPermission/Template/CryptoServiceKeyUser']), Resources: JSON.stringify(['key/*']) })
    await api('CreateApplicationAccessPoint', { Name: 'at-rest', Policies: JSON.stringify(['at-rest']) })
    const password = `Pw_${randomBytes(10).toString('hex')}`
    const ck = await api('CreateClientKey', { AapName: 'at-rest', Password: password })
    needles.push({ label: 'client-key password', bytes: Buffer.from(password) })
    for (const part of clientPrivateKeyParts(ck.PrivateKeyData as string, password)) needles.push({ label: 'client private key', bytes: part })
  }
}

/** Key material of every version of every key, unwrapped in-process through the keyring. */
async function keyMaterialNeedles(): Promise<Needle[]> {
  const out: Needle[] = []
  const keys = await app.runtime.store.keys.list({}, { offset: 0, limit: 1000 })
  for (const key of keys.items) {
    const versions = await app.runtime.store.keyVersions.list(key.keyId, { offset: 0, limit: 100 })
    for (const v of versions.items) {
      if (!v.wrappedMaterial) continue
      const material = app.runtime.keyring.unwrap(v.wrappedMaterial, wrapContext.keyVersion(v.keyVersionId))
      for (const part of secretParts(material, key.keySpec)) out.push({ label: `key material of ${key.keyId} (${key.keySpec}) ${v.keyVersionId}`, bytes: part })
    }
  }
  return out
}

before(async () => {
  app = await startTestApp()
  await workload()
  needles.push({ label: 'AccessKey secret', bytes: Buffer.from(TEST_AK.accessKeySecret) })
  needles.push({ label: 'root key', bytes: Buffer.from(readFileSync(join(app.dataDir, 'root.key'), 'utf8').trim(), 'base64') })
  needles.push(...(await keyMaterialNeedles()))
})
after(async () => app.stop())

it('the scan itself works: ids stored in the clear are found, the WAL is there while the server runs', () => {
  const files = dbFiles()
  assert.ok(files.some((f) => f.name === 'openkms.db-wal' && f.bytes.length > 0), 'a non-empty WAL while running')
  assert.equal(findLeaks(files, [{ label: 'a key id', bytes: Buffer.from(keyIds[0] as string) }]).length, 1)
  assert.ok(needles.filter((n) => n.label.startsWith('key material')).length >= KEY_SPECS.length)
  if (findAction('CreateClientKey')) assert.equal(needles.filter((n) => n.label === 'client private key').length, 3)
})

it('no secret is in the database files while the server runs', () => {
  assert.deepEqual(findLeaks(dbFiles(), needles), [])
})

it('no secret is in the database files after a clean stop (WAL checkpointed into the main file)', async () => {
  await app.stop({ keepData: true })
  assert.deepEqual(findLeaks(dbFiles(), needles), [])
  app = await startTestApp({ dataDir: app.dataDir })
})
