/**
 * The HTTP scenarios of `npm run bench`: one signed action call per request against a single openkms
 * process. `params` returns the request parameters, or the reason the scenario cannot run on this build
 * (an action not registered yet), which the report shows as a skip.
 */
import type { Primitive } from './crypto-primitives.js'
import { has, SIGN_SPECS, type BenchFixtures, type SignSpec } from './fixtures.js'

export interface HttpScenario {
  id: string
  label: string
  action: string
  style: 'v1' | 'v3'
  params(fx: BenchFixtures): Record<string, string> | string
  /** The primitive whose raw all-core rate bounds this scenario (measured right after it). */
  ceiling?: Primitive
  /** Further primitives measured with it, for the record (e.g. openkms's own RSA path). */
  alsoMeasure?: Primitive[]
  /** The raw operation whose single-thread CPU cost the server's CPU per request is compared with. */
  raw?: Primitive
}

const missing = (...actions: string[]) => `not registered: ${actions.filter((a) => !has(a)).join(', ')}`

function signScenario(spec: SignSpec, ceiling: Primitive, raw?: Primitive): HttpScenario {
  return {
    raw,
    id: `sign-${spec.toLowerCase().replace(/_/g, '-')}`,
    label: `AsymmetricSign ${spec} (${SIGN_SPECS[spec]})`,
    action: 'AsymmetricSign',
    style: 'v1',
    ceiling,
    params: (fx) => {
      const key = fx.signKeys[spec]
      if (!key) return missing('AsymmetricSign', 'ListKeyVersions')
      return { KeyId: key.keyId, KeyVersionId: key.keyVersionId, Algorithm: SIGN_SPECS[spec], Digest: fx.digest }
    },
  }
}

export const HTTP_SCENARIOS: readonly HttpScenario[] = [
  {
    id: 'encrypt-v1',
    label: 'Encrypt 32 B (V1 signature)',
    action: 'Encrypt',
    style: 'v1',
    ceiling: 'aes-256-gcm-encrypt-32',
    params: (fx) => (has('Encrypt') ? { KeyId: fx.aesKeyId, Plaintext: fx.plaintext } : missing('Encrypt')),
  },
  {
    id: 'encrypt-v3',
    label: 'Encrypt 32 B (V3 signature)',
    action: 'Encrypt',
    style: 'v3',
    ceiling: 'aes-256-gcm-encrypt-32',
    params: (fx) => (has('Encrypt') ? { KeyId: fx.aesKeyId, Plaintext: fx.plaintext } : missing('Encrypt')),
  },
  {
    id: 'decrypt',
    label: 'Decrypt 32 B',
    action: 'Decrypt',
    style: 'v1',
    ceiling: 'aes-256-gcm-decrypt-32',
    params: (fx) => (fx.ciphertextBlob && has('Decrypt') ? { CiphertextBlob: fx.ciphertextBlob } : missing('Encrypt', 'Decrypt')),
  },
  {
    id: 'generate-data-key',
    label: 'GenerateDataKey (32 B)',
    action: 'GenerateDataKey',
    style: 'v1',
    ceiling: 'data-key-32',
    params: (fx) => (has('GenerateDataKey') ? { KeyId: fx.aesKeyId } : missing('GenerateDataKey')),
  },
  { ...signScenario('RSA_2048', 'rsa-2048-pss-sign', 'rsa-2048-pss-sign'), alsoMeasure: ['rsa-2048-pss-sign-openkms'] },
  signScenario('EC_P256', 'ec-p256-sign'),
  signScenario('EC_SM2', 'sm2-sign', 'sm2-sign'),
  {
    id: 'get-secret-value',
    label: 'GetSecretValue (32 B secret)',
    action: 'GetSecretValue',
    style: 'v1',
    params: (fx) => (fx.secretName ? { SecretName: fx.secretName } : missing('CreateSecret', 'GetSecretValue')),
  },
  {
    id: 'describe-key',
    label: 'DescribeKey',
    action: 'DescribeKey',
    style: 'v1',
    params: (fx) => ({ KeyId: fx.aesKeyId }),
  },
]
