/**
 * THE instance-API registry: one handler per `x-kms-apiname` (proto.ts INSTANCE_API_NAMES), one file each.
 * A test checks that every name has exactly one handler and that each file is named after its API.
 */
import type { InstanceApi } from './define-instance-api.js'
import { Encrypt } from './encrypt.js'
import { Decrypt } from './decrypt.js'
import { Sign } from './sign.js'
import { Verify } from './verify.js'
import { GenerateRandom } from './generate-random.js'
import { GenerateDataKey } from './generate-data-key.js'
import { GetPublicKey } from './get-public-key.js'
import { GetSecretValue } from './get-secret-value.js'
import { AdvanceEncrypt } from './advance-encrypt.js'
import { AdvanceDecrypt } from './advance-decrypt.js'
import { AdvanceGenerateDataKey } from './advance-generate-data-key.js'
import { GenerateDataKeyPair } from './generate-data-key-pair.js'
import { GenerateDataKeyPairWithoutPlaintext } from './generate-data-key-pair-without-plaintext.js'
import { AdvanceGenerateDataKeyPair } from './advance-generate-data-key-pair.js'
import { AdvanceGenerateDataKeyPairWithoutPlaintext } from './advance-generate-data-key-pair-without-plaintext.js'
import { Hmac } from './hmac.js'

const ALL = [
  Encrypt,
  Decrypt,
  Sign,
  Verify,
  GenerateRandom,
  GenerateDataKey,
  GetPublicKey,
  GetSecretValue,
  AdvanceEncrypt,
  AdvanceDecrypt,
  AdvanceGenerateDataKey,
  GenerateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext,
  AdvanceGenerateDataKeyPair,
  AdvanceGenerateDataKeyPairWithoutPlaintext,
  Hmac,
] as unknown as InstanceApi<never, object>[]

export const INSTANCE_APIS: ReadonlyMap<string, InstanceApi<never, object>> = new Map(ALL.map((api) => [api.name, api]))
