import { X509Certificate, constants, createHash, verify, type KeyObject } from 'node:crypto'
import { KmsErrors } from '../domain/errors.js'
import { formatUtc } from '../domain/time.js'
import { parseHttpDate } from '../instance-wire/http-date.js'
import { headerValue, instanceStringToSign, type HeaderMap } from '../instance-wire/string-to-sign.js'
import {
  ACCESS_KEY_ID_HEADER,
  INSTANCE_API_VERSION,
  INSTANCE_CONTENT_TYPE,
  INSTANCE_SIGNATURE_METHOD,
  MAX_CLOCK_SKEW_MS,
  MAX_INSTANCE_BODY_BYTES,
} from '../instance-wire/constants.js'

export { encodeInstanceError } from './error-body.js'

export interface InstanceRequest {
  method: string
  headers: HeaderMap
  body: Buffer
}

/** Finds a client key by its `KAAP.…` id; times are milliseconds since the epoch, like `now()`. */
export interface ClientKeyLookup {
  (clientKeyId: string): Promise<{ certificatePem: string; notBefore: number; notAfter: number } | undefined>
}

/** Echoed header values are cut short so an error never amplifies what a caller sent. */
function quoted(value: string | undefined): string {
  const v = value ?? ''
  return `"${v.length > 128 ? `${v.slice(0, 128)}…` : v}"`
}

/** Parsing a certificate costs more than the request's signature check; client keys are few and reused. */
const PARSED_KEYS_MAX = 1000
const parsedKeys = new Map<string, KeyObject>()

function publicKeyOf(certificatePem: string): KeyObject {
  const known = parsedKeys.get(certificatePem)
  if (known) return known
  let key: KeyObject
  try {
    key = new X509Certificate(certificatePem).publicKey
  } catch {
    throw KmsErrors.internal()
  }
  if (parsedKeys.size >= PARSED_KEYS_MAX) parsedKeys.delete(parsedKeys.keys().next().value as string)
  parsedKeys.set(certificatePem, key)
  return key
}

/** `Bearer <base64>`; any other single-word scheme is tolerated (Alibaba's doc page writes `TOKEN`). */
function signatureOf(authorization: string | undefined): Buffer | undefined {
  const m = /^\S+ ([A-Za-z0-9+/]+={0,2})$/.exec((authorization ?? '').trim())
  return m ? Buffer.from(m[1] as string, 'base64') : undefined
}

function signatureMatches(stringToSign: string, signature: Buffer | undefined, key: KeyObject): boolean {
  if (!signature || key.asymmetricKeyType !== 'rsa') return false
  try {
    return verify('sha256', Buffer.from(stringToSign, 'utf8'), { key, padding: constants.RSA_PKCS1_PADDING }, signature)
  } catch {
    return false
  }
}

/**
 * Authenticates one instance-API request from its headers and body alone, in the order of
 * spec/kms-instance-api.md §1 "What the server must check", steps 1–8, so every failure carries the code a
 * real KMS instance would return. Two checks sit outside those steps: the 3 MB body limit comes first
 * (it is a transport limit), and the client key's validity window is checked last, after the signature,
 * so only the key's holder learns that it has expired (403 Forbidden.NoPermission; docs/instance-api.md).
 * Authorisation (AAPs, policies, network rules) is not done here.
 */
export async function verifyInstanceRequest(
  req: InstanceRequest,
  deps: { now: () => number; lookupClientKey: ClientKeyLookup; knownApis: readonly string[] },
): Promise<{ apiName: string; clientKeyId: string }> {
  if (req.body.length > MAX_INSTANCE_BODY_BYTES) {
    throw KmsErrors.of('RequestEntityTooLarge', `The request body exceeds ${MAX_INSTANCE_BODY_BYTES} bytes.`)
  }
  const header = (name: string) => headerValue(req.headers, name)?.trim()

  const version = header('x-kms-apiversion')
  if (version !== INSTANCE_API_VERSION) throw KmsErrors.of('InvalidApiVersion', `The ApiVersion ${quoted(version)} is invalid.`)

  const apiName = header('x-kms-apiname')
  if (!apiName || !deps.knownApis.includes(apiName)) {
    throw KmsErrors.of('InvalidApiName', `The ApiName ${quoted(apiName)} is invalid.`)
  }

  const date = header('date')
  const sentAt = date === undefined ? undefined : parseHttpDate(date)
  if (sentAt === undefined) throw KmsErrors.of('InvalidParam', 'The Param Date is invalid.')
  if (Math.abs(deps.now() - sentAt) > MAX_CLOCK_SKEW_MS) throw KmsErrors.of('RequestTimeTooSkewed')

  const signatureMethod = header('x-kms-signaturemethod')
  if (!signatureMethod) throw KmsErrors.of('InvalidParam', 'The Param x-kms-signaturemethod is invalid.')
  if (signatureMethod !== INSTANCE_SIGNATURE_METHOD) {
    throw KmsErrors.of('InvalidParam', `The Param x-kms-signaturemethod is invalid. message:${quoted(signatureMethod)}`)
  }

  const clientKeyId = header(ACCESS_KEY_ID_HEADER)
  if (!clientKeyId) {
    throw KmsErrors.of('MissingParameter', `Parameter ${ACCESS_KEY_ID_HEADER} does not exist in http header or body.`)
  }
  const clientKey = await deps.lookupClientKey(clientKeyId)
  if (!clientKey) throw KmsErrors.of('Unauthorized', `The AccessKey ID ${quoted(clientKeyId)} does not exist in our records.`)

  const contentType = header('content-type')
  if ((contentType ?? '').split(';')[0]?.trim().toLowerCase() !== INSTANCE_CONTENT_TYPE) {
    throw KmsErrors.of('InvalidContentType', `Content-Type ${quoted(contentType)} is unsupported.`)
  }

  const contentSha256 = header('content-sha256')
  if ((contentSha256 ?? '').toLowerCase() !== createHash('sha256').update(req.body).digest('hex')) {
    throw KmsErrors.of('InvalidParam', 'The Param Content-SHA256 is invalid.')
  }

  const stringToSign = instanceStringToSign({ method: req.method, contentSha256, contentType, date, headers: req.headers })
  if (!signatureMatches(stringToSign, signatureOf(header('authorization')), publicKeyOf(clientKey.certificatePem))) {
    throw KmsErrors.of('SignatureNotMatch', 'Signature is not matched.')
  }

  const now = deps.now()
  if (now < clientKey.notBefore || now > clientKey.notAfter) {
    const validity = `from ${formatUtc(clientKey.notBefore)} to ${formatUtc(clientKey.notAfter)}`
    throw KmsErrors.of(
      'Forbidden.NoPermission',
      `The client key ${quoted(clientKeyId)} is valid only ${validity}, so this operation is forbidden by permission system.`,
    )
  }
  return { apiName, clientKeyId }
}
