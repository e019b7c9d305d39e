import { createHash, sign, type KeyObject } from 'node:crypto'
import { formatHttpDate } from '../instance-wire/http-date.js'
import { instanceStringToSign } from '../instance-wire/string-to-sign.js'
import {
  ACCESS_KEY_ID_HEADER,
  INSTANCE_API_VERSION,
  INSTANCE_CONTENT_TYPE,
  INSTANCE_SIGNATURE_METHOD,
} from '../instance-wire/constants.js'

/** RSASSA-PKCS1-v1_5 with SHA-256 over the UTF-8 string-to-sign, base64 with padding (spec §1). */
export function signStringToSign(privateKey: KeyObject, stringToSign: string): string {
  return sign('sha256', Buffer.from(stringToSign, 'utf8'), privateKey).toString('base64')
}

/**
 * Every header of one instance-API call, signed (spec/kms-instance-api.md §1 "Request headers"). Extra
 * headers are merged first and the protocol's own values win, as in the Alibaba SDKs; extra `x-kms-*`
 * headers (e.g. `x-kms-migrationkeyversionid`) are covered by the signature.
 */
export function signedRequestHeaders(input: {
  apiName: string
  body: Buffer
  clientKeyId: string
  privateKey: KeyObject
  host: string
  now: number
  userAgent: string
  extraHeaders?: Record<string, string>
}): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(input.extraHeaders ?? {})) headers[k.toLowerCase()] = v
  Object.assign(headers, {
    accept: INSTANCE_CONTENT_TYPE,
    host: input.host,
    date: formatHttpDate(input.now),
    'user-agent': input.userAgent,
    'x-kms-apiversion': INSTANCE_API_VERSION,
    'x-kms-apiname': input.apiName,
    'x-kms-signaturemethod': INSTANCE_SIGNATURE_METHOD,
    [ACCESS_KEY_ID_HEADER]: input.clientKeyId,
    'content-type': INSTANCE_CONTENT_TYPE,
    'content-length': String(input.body.length),
    'content-sha256': createHash('sha256').update(input.body).digest('hex').toUpperCase(),
  })
  const stringToSign = instanceStringToSign({
    method: 'POST',
    contentSha256: headers['content-sha256'],
    contentType: headers['content-type'],
    date: headers.date,
    headers,
  })
  headers.authorization = `Bearer ${signStringToSign(input.privateKey, stringToSign)}`
  return headers
}
