import { setTimeout as sleep } from 'node:timers/promises'
import { decodeMessage, encodeMessage } from '../instance-wire/proto.js'
import { resolveInstanceConfig, type InstanceClientConfig, type ResolvedInstanceConfig } from './config.js'
import { InstanceApiError } from './instance-api-error.js'
import { signedRequestHeaders } from './request-signer.js'
import { HttpsTransport, isTransientNetworkError, type RawResponse } from './transport.js'
import type * as T from '../instance-wire/messages.js'

/** Error codes after which the Go instance SDK tries again, re-signing (spec §1 "Client retry behaviour"). */
const RETRYABLE_CODES = new Set(['Rejected.Throttling', 'ServiceUnavailableTemporary', 'InternalFailure'])

/** Gateway statuses that may come without a protobuf body (a proxy in front of the server) and are transient. */
const TRANSIENT_GATEWAY_STATUSES = new Set([502, 503, 504])

const USER_AGENT = `openkms-instance-client/0.1.0 Node.js/${process.version}`

/** Per-call options. */
export interface CallOptions {
  /** Extra request headers, e.g. `x-kms-migrationkeyversionid`; protocol headers cannot be overridden. */
  headers?: Record<string, string>
}

/**
 * A client for the KMS instance API (DKMS GCS protocol, `dkms-gcs-0.2`), usable against openkms or an
 * Alibaba Cloud KMS instance: protobuf bodies, RSA client-key signatures, HTTPS trusting the instance CA.
 */
export class InstanceClient {
  private readonly config: ResolvedInstanceConfig
  private readonly transport: HttpsTransport

  constructor(config: InstanceClientConfig) {
    this.config = resolveInstanceConfig(config)
    this.transport = new HttpsTransport(this.config)
  }

  /** The client key id (`KAAP.…`) requests are signed with. */
  get clientKeyId(): string {
    return this.config.clientKeyId
  }

  /**
   * Calls any API by its `x-kms-apiname`: encodes `<apiName>Request`, signs, sends, and decodes
   * `<apiName>Response`. Throws InstanceApiError for an error answer; retries transient failures.
   */
  async call<R = Record<string, unknown>>(apiName: string, request: object, options: CallOptions = {}): Promise<R> {
    const body = encodeMessage(`${apiName}Request`, request)
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.transport.post(this.headersFor(apiName, body, options), body)
        return this.decode<R>(apiName, res)
      } catch (e) {
        if (attempt >= this.config.maxAttempts || !isRetryable(e)) throw e
        await sleep(this.config.backoffMs * attempt)
      }
    }
  }

  /** Closes idle connections; the client stays usable and reconnects on the next call. */
  close(): void {
    this.transport.close()
  }

  encrypt(r: T.EncryptRequest, o?: CallOptions) {
    return this.call<T.EncryptResponse>('Encrypt', r, o)
  }
  decrypt(r: T.DecryptRequest, o?: CallOptions) {
    return this.call<T.DecryptResponse>('Decrypt', r, o)
  }
  generateDataKey(r: T.GenerateDataKeyRequest, o?: CallOptions) {
    return this.call<T.GenerateDataKeyResponse>('GenerateDataKey', r, o)
  }
  generateRandom(r: T.GenerateRandomRequest, o?: CallOptions) {
    return this.call<T.GenerateRandomResponse>('GenerateRandom', r, o)
  }
  getPublicKey(r: T.GetPublicKeyRequest, o?: CallOptions) {
    return this.call<T.GetPublicKeyResponse>('GetPublicKey', r, o)
  }
  sign(r: T.SignRequest, o?: CallOptions) {
    return this.call<T.SignResponse>('Sign', r, o)
  }
  verify(r: T.VerifyRequest, o?: CallOptions) {
    return this.call<T.VerifyResponse>('Verify', r, o)
  }
  hmac(r: T.HmacRequest, o?: CallOptions) {
    return this.call<T.HmacResponse>('Hmac', r, o)
  }
  getSecretValue(r: T.GetSecretValueRequest, o?: CallOptions) {
    return this.call<T.GetSecretValueResponse>('GetSecretValue', r, o)
  }
  advanceEncrypt(r: T.AdvanceEncryptRequest, o?: CallOptions) {
    return this.call<T.AdvanceEncryptResponse>('AdvanceEncrypt', r, o)
  }
  advanceDecrypt(r: T.AdvanceDecryptRequest, o?: CallOptions) {
    return this.call<T.AdvanceDecryptResponse>('AdvanceDecrypt', r, o)
  }
  advanceGenerateDataKey(r: T.AdvanceGenerateDataKeyRequest, o?: CallOptions) {
    return this.call<T.AdvanceGenerateDataKeyResponse>('AdvanceGenerateDataKey', r, o)
  }
  generateDataKeyPair(r: T.GenerateDataKeyPairRequest, o?: CallOptions) {
    return this.call<T.GenerateDataKeyPairResponse>('GenerateDataKeyPair', r, o)
  }
  generateDataKeyPairWithoutPlaintext(r: T.GenerateDataKeyPairWithoutPlaintextRequest, o?: CallOptions) {
    return this.call<T.GenerateDataKeyPairWithoutPlaintextResponse>('GenerateDataKeyPairWithoutPlaintext', r, o)
  }
  advanceGenerateDataKeyPair(r: T.AdvanceGenerateDataKeyPairRequest, o?: CallOptions) {
    return this.call<T.AdvanceGenerateDataKeyPairResponse>('AdvanceGenerateDataKeyPair', r, o)
  }
  advanceGenerateDataKeyPairWithoutPlaintext(r: T.AdvanceGenerateDataKeyPairWithoutPlaintextRequest, o?: CallOptions) {
    return this.call<T.AdvanceGenerateDataKeyPairWithoutPlaintextResponse>('AdvanceGenerateDataKeyPairWithoutPlaintext', r, o)
  }

  /** Fresh headers and signature for each attempt: the `date` header moves on, as in the Go SDK. */
  private headersFor(apiName: string, body: Buffer, options: CallOptions): Record<string, string> {
    return signedRequestHeaders({
      apiName,
      body,
      clientKeyId: this.config.clientKeyId,
      privateKey: this.config.privateKey,
      host: this.config.hostHeader,
      now: Date.now(),
      userAgent: USER_AGENT,
      extraHeaders: options.headers,
    })
  }

  /** Any status below 400 is a success whose body is the response message, as in every SDK. */
  private decode<R>(apiName: string, res: RawResponse): R {
    if (res.status < 400) return decodeMessage<R>(`${apiName}Response`, res.body)
    let error: { StatusCode: number; ErrorCode: string; ErrorMessage: string; RequestId: string }
    try {
      error = decodeMessage('Error', res.body)
    } catch {
      throw new InstanceApiError({
        code: TRANSIENT_GATEWAY_STATUSES.has(res.status) ? 'ServiceUnavailableTemporary' : 'UnknownError',
        message: `HTTP ${res.status} with a body that is not a protobuf Error`,
        httpStatus: res.status,
        requestId: '',
      })
    }
    throw new InstanceApiError({
      code: error.ErrorCode,
      message: error.ErrorMessage,
      httpStatus: res.status,
      requestId: error.RequestId,
    })
  }
}

function isRetryable(e: unknown): boolean {
  return e instanceof InstanceApiError ? RETRYABLE_CODES.has(e.code) : isTransientNetworkError(e)
}
