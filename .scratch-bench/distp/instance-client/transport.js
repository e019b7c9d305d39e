import { Agent, request } from 'node:https';
/** Responses larger than this are abandoned: the biggest legitimate answer carries about 3 MB of data. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Errors worth another attempt: the connection failed or broke, not the TLS verification of the server. */
const TRANSIENT_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENETDOWN',
]);
export function isTransientNetworkError(e) {
    return e instanceof Error && TRANSIENT_CODES.has(e.code ?? '');
}
/** One HTTPS `POST /` over a keep-alive agent that trusts exactly the configured CA certificates. */
export class HttpsTransport {
    opts;
    agent;
    constructor(opts) {
        this.opts = opts;
        this.agent = new Agent({
            keepAlive: true,
            ca: opts.ca,
            rejectUnauthorized: !opts.ignoreSsl,
        });
    }
    post(headers, body) {
        return new Promise((resolve, reject) => {
            const req = request({ agent: this.agent, hostname: this.opts.hostname, port: this.opts.port, method: 'POST', path: '/', headers }, (res) => {
                const chunks = [];
                let size = 0;
                res.on('data', (chunk) => {
                    size += chunk.length;
                    if (size > MAX_RESPONSE_BYTES) {
                        res.destroy(new Error(`instance API response exceeds ${MAX_RESPONSE_BYTES} bytes`));
                        return;
                    }
                    chunks.push(chunk);
                });
                res.on('error', reject);
                res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
            });
            req.setTimeout(this.opts.timeoutMs, () => {
                const timeout = new Error(`instance API request timed out after ${this.opts.timeoutMs} ms`);
                req.destroy(Object.assign(timeout, { code: 'ETIMEDOUT' }));
            });
            req.on('error', reject);
            req.end(body);
        });
    }
    /** Closes idle keep-alive connections. */
    close() {
        this.agent.destroy();
    }
}
