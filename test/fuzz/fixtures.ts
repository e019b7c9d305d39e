/**
 * Real resources on the server under test, so fuzzed requests also name things that exist and reach the
 * handlers' logic behind lookup: keys of each family, an alias, version ids, ARNs, a ciphertext, a
 * signature, a secret. Each is made only when its action is registered; a failed step is skipped.
 */
import { createHash } from 'node:crypto'
import { findAction } from '../../src/actions/index.js'
import { call, type Credentials } from '../support/signed-request.js'

const SPECS = ['Aliyun_AES_256', 'Aliyun_SM4', 'RSA_2048', 'EC_P256', 'EC_SM2'] as const

/** Calls `action` if it is registered and returns its body on success, undefined otherwise. */
async function tryCall(host: string, creds: Credentials, action: string, params: Record<string, string>) {
  if (!findAction(action)) return undefined
  const r = await call(host, creds, action, params).catch(() => undefined)
  return r?.status === 200 ? r.body : undefined
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** Creates the fixtures and returns their names and values as one pool of strings. */
export async function createFixtures(host: string, creds: Credentials): Promise<string[]> {
  const pool = new Set<string>()
  const add = (...vs: unknown[]) => {
    for (const v of vs) {
      const s = str(v)
      if (s) pool.add(s)
    }
  }
  const digest = createHash('sha256').update('openkms fuzz').digest('base64')
  add(digest, Buffer.from('hello').toString('base64'))
  for (const spec of SPECS) {
    const created = await tryCall(host, creds, 'CreateKey', { KeySpec: spec, Description: `fuzz ${spec}` })
    const md = created?.KeyMetadata as Record<string, unknown> | undefined
    const keyId = str(md?.KeyId)
    if (!keyId) continue
    add(keyId, md?.Arn, md?.PrimaryKeyVersion)
    const alias = `alias/fuzz-${spec.toLowerCase().replace(/_/g, '-')}`
    if (await tryCall(host, creds, 'CreateAlias', { AliasName: alias, KeyId: keyId })) add(alias, `acs:kms:cn-hangzhou:${md?.Creator ?? ''}:${alias}`)
    await tryCall(host, creds, 'CreateKeyVersion', { KeyId: keyId })
    const versions = await tryCall(host, creds, 'ListKeyVersions', { KeyId: keyId })
    const list = ((versions?.KeyVersions as Record<string, unknown> | undefined)?.KeyVersion ?? []) as Array<Record<string, unknown>>
    for (const v of list) add(v.KeyVersionId)
    if (spec.startsWith('Aliyun_')) {
      const enc = await tryCall(host, creds, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from('fuzz').toString('base64') })
      const dk = await tryCall(host, creds, 'GenerateDataKey', { KeyId: keyId })
      add(enc?.CiphertextBlob, dk?.CiphertextBlob)
    } else if (list[0]) {
      const algorithm = spec === 'RSA_2048' ? 'RSA_PSS_SHA_256' : spec === 'EC_SM2' ? 'SM2DSA' : 'ECDSA_SHA_256'
      const sig = await tryCall(host, creds, 'AsymmetricSign', { KeyId: keyId, KeyVersionId: String(list[0].KeyVersionId), Algorithm: algorithm, Digest: digest })
      add(sig?.Value)
    }
  }
  const secret = await tryCall(host, creds, 'CreateSecret', { SecretName: 'fuzz-secret', SecretData: 'fuzz value', VersionId: 'v1' })
  if (secret) add('fuzz-secret', secret.Arn, 'v1', 'ACSCurrent', 'ACSPrevious')
  return [...pool]
}
