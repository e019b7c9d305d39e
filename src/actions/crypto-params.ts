import type { ErrorCode } from '../domain/errors.js'
/** Parameter declarations shared by the cryptographic actions (spec §4.4, §4.9, §6.5, §6.6). */
import { p } from './params.js'
import type { AsymmetricEncryptionAlgorithm, SignAlgorithm } from '../crypto/asymmetric.js'
import type { HmacAlgorithm } from '../crypto/hmac.js'
import { DATA_KEY_BYTES, DATA_KEY_SPECS, WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS } from '../domain/data-key.js'

/** Errors of an action that uses the key a ciphertext blob names: lookup, usage, the key state matrix (409s), DryRun. */
export const BLOB_KEY_ERRORS = [
  'InvalidParameter',
  'Forbidden.KeyNotFound',
  'Rejected.UnsupportedOperation',
  'Rejected.Disabled',
  'Rejected.PendingDeletion',
  'Rejected.PendingImport',
  'DryRunOperationError',
] as const satisfies readonly ErrorCode[]

/** Errors of every action that uses a key for cryptography: as above, plus aliases in its KeyId. */
export const KEY_USE_ERRORS = [...BLOB_KEY_ERRORS, 'Forbidden.AliasNotFound'] as const satisfies readonly ErrorCode[]

export const SIGN_ALGORITHMS = ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256', 'ECDSA_SHA_256', 'SM2DSA'] as const satisfies readonly SignAlgorithm[]
export const ENCRYPTION_ALGORITHMS = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'SM2PKE'] as const satisfies readonly AsymmetricEncryptionAlgorithm[]

/** Generous bound for any ciphertext openkms produces (symmetric blob of 8 KB text, SM2 ciphertext of 6047 bytes). */
const MAX_CIPHERTEXT = 16384

export const MAC_ALGORITHMS = ['HMAC_SM3', 'HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'] as const satisfies readonly HmacAlgorithm[]

export const macAlgorithmParam = () =>
  p.oneOf(MAC_ALGORITHMS, { required: true, description: "The HMAC algorithm; must be the one the key's spec names." })

/** Up to 6 KB, like Encrypt's plaintext. */
export const macMessageParam = () => p.base64({ required: true, minBytes: 1, maxBytes: 6144, description: 'The message, base64 (at most 6 KB decoded).' })

export const encryptionContextParam = (description?: string) => p.encryptionContext({ description })

export const ciphertextBlobParam = (description: string) => p.base64({ required: true, maxBytes: MAX_CIPHERTEXT, description })

export const keyVersionIdParam = () =>
  p.string({ required: true, maxLength: 128, description: 'A version of the key (asymmetric keys have no primary version).' })

export const signAlgorithmParam = () =>
  p.oneOf(SIGN_ALGORITHMS, { required: true, description: 'RSA_PSS_SHA_256 | RSA_PKCS1_SHA_256 (RSA), ECDSA_SHA_256 (EC_P256, EC_P256K), SM2DSA (EC_SM2).' })

export const encryptionAlgorithmParam = () =>
  p.oneOf(ENCRYPTION_ALGORITHMS, { required: true, description: 'RSAES_OAEP_SHA_256 | RSAES_OAEP_SHA_1 (RSA), SM2PKE (EC_SM2).' })

export const digestParam = () =>
  p.base64({ required: true, description: 'Base64 of the 32-byte digest: SHA-256 of the message, or SM3(Z_A‖M) for SM2DSA.' })

export const dataKeySpecParam = () =>
  p.oneOf(DATA_KEY_SPECS, { description: 'AES_256 (32 bytes) or AES_128 (16 bytes); NumberOfBytes wins when both are given.' })

export const numberOfBytesParam = () =>
  p.integer({ min: DATA_KEY_BYTES.min, max: DATA_KEY_BYTES.max, description: 'Data key length, 1 to 1024 bytes (default 32).' })

export const publicKeyBlobParam = () =>
  p.base64({ required: true, maxBytes: 4096, description: 'Base64 of the public key (SubjectPublicKeyInfo DER) the data key is exported to.' })

export const wrappingKeySpecParam = () => p.oneOf(WRAPPING_KEY_SPECS, { required: true, description: 'RSA_2048 or EC_SM2: the spec of PublicKeyBlob.' })

export const wrappingAlgorithmParam = () =>
  p.oneOf(WRAPPING_ALGORITHMS, { required: true, description: 'RSAES_OAEP_SHA_256 | RSAES_OAEP_SHA_1 (RSA_2048) or SM2PKE (EC_SM2).' })
