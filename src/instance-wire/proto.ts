import protobuf from 'protobufjs'
import { INSTANCE_API_PROTO } from './api-proto.js'
import { checkWireFormat } from './wire-check.js'

/**
 * The 15 `x-kms-apiname` values the Alibaba instance SDKs call, plus `Hmac` which has messages but no SDK
 * method (spec/kms-instance-api.md §2). Each has `<Name>Request` / `<Name>Response` messages.
 */
export const INSTANCE_API_NAMES = [
  'Encrypt',
  'Decrypt',
  'Sign',
  'Verify',
  'GenerateRandom',
  'GenerateDataKey',
  'GetPublicKey',
  'GetSecretValue',
  'AdvanceEncrypt',
  'AdvanceDecrypt',
  'AdvanceGenerateDataKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'AdvanceGenerateDataKeyPair',
  'AdvanceGenerateDataKeyPairWithoutPlaintext',
  'Hmac',
] as const

export type InstanceApiName = (typeof INSTANCE_API_NAMES)[number]

const namespace = protobuf.parse(INSTANCE_API_PROTO, { keepCase: true }).root.lookup('api') as protobuf.Namespace

/** Every message type of the schema by its short name (`EncryptRequest`, …, `Error`). */
const TYPES: ReadonlyMap<string, protobuf.Type> = new Map(
  namespace.nestedArray.filter((t): t is protobuf.Type => t instanceof protobuf.Type).map((t) => [t.name, t]),
)

/** Short names of every message in the schema (`EncryptRequest`, …, `Error`). */
export const INSTANCE_MESSAGE_TYPES: readonly string[] = [...TYPES.keys()]

/** Field descriptors (name, number, type, repeated) of one message; tests compare them with the spec table. */
export function messageFields(type: string): { name: string; id: number; type: string; repeated: boolean }[] {
  return typeOf(type).fieldsArray.map((f) => ({ name: f.name, id: f.id, type: f.type, repeated: f.repeated }))
}

function typeOf(type: string): protobuf.Type {
  const t = TYPES.get(type)
  if (!t) throw new Error(`unknown instance API message type "${type}"`)
  return t
}

/**
 * Serialises `value` as the proto3 message `type`; undefined and null properties mean "absent". Unknown
 * property names are refused rather than dropped, so a misspelt field (`KeyID`) fails loudly instead of
 * silently sending a default, and bytes fields take only binary data (protobufjs would read a string as base64).
 */
export function encodeMessage(type: string, value: object): Buffer {
  const t = typeOf(type)
  const defined = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null))
  for (const [k, v] of Object.entries(defined)) {
    const field = t.fields[k]
    if (!field) throw new Error(`${type} has no field "${k}"`)
    if (field.type === 'bytes' && !(v instanceof Uint8Array)) throw new Error(`${type}.${k}: bytes must be a Buffer or Uint8Array`)
    if (field.type === 'int32' && !(Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31)) {
      throw new Error(`${type}.${k}: int32 expected`)
    }
  }
  const problem = t.verify(defined)
  if (problem) throw new Error(`${type}: ${problem}`)
  const bytes = t.encode(t.fromObject(defined)).finish()
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * Parses a proto3 message, filling absent fields with proto3 defaults ('' / empty Buffer / 0 / false / []).
 * The bytes are first walked by a strict wire-format check because protobufjs silently clamps truncated
 * strings and ignores wire-type mismatches; malformed input therefore throws an ordinary Error.
 */
export function decodeMessage<T = Record<string, unknown>>(type: string, bytes: Buffer): T {
  const t = typeOf(type)
  checkWireFormat(t, bytes)
  let message: protobuf.Message
  try {
    message = t.decode(bytes)
  } catch (e) {
    throw new Error(`malformed ${type}: ${(e as Error).message}`)
  }
  const obj = t.toObject(message, { defaults: true, arrays: true, longs: Number }) as Record<string, unknown>
  for (const f of t.fieldsArray) {
    if (f.type === 'bytes' && !Buffer.isBuffer(obj[f.name])) {
      const v = obj[f.name] as Uint8Array
      obj[f.name] = Buffer.from(v.buffer, v.byteOffset, v.byteLength)
    }
  }
  return obj as T
}
