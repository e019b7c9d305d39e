import { setTimeout as sleep } from 'node:timers/promises';
import { decodeMessage, encodeMessage } from '../instance/proto.js';
import { resolveInstanceConfig } from './config.js';
import { InstanceApiError } from './instance-api-error.js';
import { signedRequestHeaders } from './request-signer.js';
import { HttpsTransport, isTransientNetworkError } from './transport.js';
/** Error codes after which the Go instance SDK tries again, re-signing (spec §1 "Client retry behaviour"). */
const RETRYABLE_CODES = new Set(['Rejected.Throttling', 'ServiceUnavailableTemporary', 'InternalFailure']);
/** Gateway statuses that may come without a protobuf body (a proxy in front of the server) and are transient. */
const TRANSIENT_GATEWAY_STATUSES = new Set([502, 503, 504]);
const USER_AGENT = `openkms-instance-client/0.1.0 Node.js/${process.version}`;
/**
 * A client for the KMS instance API (DKMS GCS protocol, `dkms-gcs-0.2`), usable against openkms or an
 * Alibaba Cloud KMS instance: protobuf bodies, RSA client-key signatures, HTTPS trusting the instance CA.
 */
export class InstanceClient {
    config;
    transport;
    constructor(config) {
        this.config = resolveInstanceConfig(config);
        this.transport = new HttpsTransport(this.config);
    }
    /** The client key id (`KAAP.…`) requests are signed with. */
    get clientKeyId() {
        return this.config.clientKeyId;
    }
    /**
     * Calls any API by its `x-kms-apiname`: encodes `<apiName>Request`, signs, sends, and decodes
     * `<apiName>Response`. Throws InstanceApiError for an error answer; retries transient failures.
     */
    async call(apiName, request, options = {}) {
        const body = encodeMessage(`${apiName}Request`, request);
        for (let attempt = 1;; attempt++) {
            try {
                const res = await this.transport.post(this.headersFor(apiName, body, options), body);
                return this.decode(apiName, res);
            }
            catch (e) {
                if (attempt >= this.config.maxAttempts || !isRetryable(e))
                    throw e;
                await sleep(this.config.backoffMs * attempt);
            }
        }
    }
    /** Closes idle connections; the client stays usable and reconnects on the next call. */
    close() {
        this.transport.close();
    }
    encrypt(r, o) {
        return this.call('Encrypt', r, o);
    }
    decrypt(r, o) {
        return this.call('Decrypt', r, o);
    }
    generateDataKey(r, o) {
        return this.call('GenerateDataKey', r, o);
    }
    generateRandom(r, o) {
        return this.call('GenerateRandom', r, o);
    }
    getPublicKey(r, o) {
        return this.call('GetPublicKey', r, o);
    }
    sign(r, o) {
        return this.call('Sign', r, o);
    }
    verify(r, o) {
        return this.call('Verify', r, o);
    }
    hmac(r, o) {
        return this.call('Hmac', r, o);
    }
    getSecretValue(r, o) {
        return this.call('GetSecretValue', r, o);
    }
    advanceEncrypt(r, o) {
        return this.call('AdvanceEncrypt', r, o);
    }
    advanceDecrypt(r, o) {
        return this.call('AdvanceDecrypt', r, o);
    }
    advanceGenerateDataKey(r, o) {
        return this.call('AdvanceGenerateDataKey', r, o);
    }
    generateDataKeyPair(r, o) {
        return this.call('GenerateDataKeyPair', r, o);
    }
    generateDataKeyPairWithoutPlaintext(r, o) {
        return this.call('GenerateDataKeyPairWithoutPlaintext', r, o);
    }
    advanceGenerateDataKeyPair(r, o) {
        return this.call('AdvanceGenerateDataKeyPair', r, o);
    }
    advanceGenerateDataKeyPairWithoutPlaintext(r, o) {
        return this.call('AdvanceGenerateDataKeyPairWithoutPlaintext', r, o);
    }
    /** Fresh headers and signature for each attempt: the `date` header moves on, as in the Go SDK. */
    headersFor(apiName, body, options) {
        return signedRequestHeaders({
            apiName,
            body,
            clientKeyId: this.config.clientKeyId,
            privateKey: this.config.privateKey,
            host: this.config.hostHeader,
            now: Date.now(),
            userAgent: USER_AGENT,
            extraHeaders: options.headers,
        });
    }
    /** Any status below 400 is a success whose body is the response message, as in every SDK. */
    decode(apiName, res) {
        if (res.status < 400)
            return decodeMessage(`${apiName}Response`, res.body);
        let error;
        try {
            error = decodeMessage('Error', res.body);
        }
        catch {
            throw new InstanceApiError({
                code: TRANSIENT_GATEWAY_STATUSES.has(res.status) ? 'ServiceUnavailableTemporary' : 'UnknownError',
                message: `HTTP ${res.status} with a body that is not a protobuf Error`,
                httpStatus: res.status,
                requestId: '',
            });
        }
        throw new InstanceApiError({
            code: error.ErrorCode,
            message: error.ErrorMessage,
            httpStatus: res.status,
            requestId: error.RequestId,
        });
    }
}
function isRetryable(e) {
    return e instanceof InstanceApiError ? RETRYABLE_CODES.has(e.code) : isTransientNetworkError(e);
}
