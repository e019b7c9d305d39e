import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadClientKeyPkcs12 } from '../crypto/x509/client-key.js';
/** Parses `host:port`, `https://host:port` or `[v6]:port`; plain http is refused because the protocol is HTTPS only. */
export function parseEndpoint(endpoint) {
    const trimmed = endpoint.trim();
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && !/^https:\/\//i.test(trimmed)) {
        throw new Error(`instance client: endpoint "${endpoint}" must be https (or host:port)`);
    }
    const hostHeader = trimmed.replace(/^https:\/\//i, '').replace(/\/+$/, '');
    let url;
    try {
        url = new URL(`https://${hostHeader}`);
    }
    catch {
        throw new Error(`instance client: endpoint "${endpoint}" is not host[:port]`);
    }
    if (url.pathname !== '/' || url.search || url.username) {
        throw new Error(`instance client: endpoint "${endpoint}" is not host[:port]`);
    }
    return { hostHeader, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port ? Number(url.port) : 443 };
}
/** Reads the console's client key JSON and opens its PKCS#12 with the password. */
function loadClientKey(config) {
    const text = config.clientKeyContent ?? (config.clientKeyFile ? readFileSync(config.clientKeyFile, 'utf8') : undefined);
    if (text === undefined)
        throw new Error('instance client: clientKeyFile or clientKeyContent is required');
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        throw new Error('instance client: the client key is not JSON');
    }
    if (typeof json.KeyId !== 'string' || !json.KeyId || typeof json.PrivateKeyData !== 'string') {
        throw new Error('instance client: the client key JSON needs string fields "KeyId" and "PrivateKeyData"');
    }
    const { privateKeyPem } = loadClientKeyPkcs12(json.PrivateKeyData, config.password);
    const privateKey = createPrivateKey(privateKeyPem);
    if (privateKey.asymmetricKeyType !== 'rsa')
        throw new Error('instance client: the client key must be RSA');
    return { clientKeyId: json.KeyId, privateKey };
}
/** Validates a config and loads its files once, at construction, so mistakes surface before the first call. */
export function resolveInstanceConfig(config) {
    const integer = (v, d, name, min) => {
        const n = v ?? d;
        if (!Number.isInteger(n) || n < min)
            throw new Error(`instance client: ${name} must be an integer ≥ ${min}`);
        return n;
    };
    return {
        ...parseEndpoint(config.endpoint),
        ...loadClientKey(config),
        ca: config.ca ?? (config.caFilePath ? readFileSync(config.caFilePath, 'utf8') : undefined),
        ignoreSsl: config.ignoreSsl ?? false,
        maxAttempts: integer(config.maxAttempts, 3, 'maxAttempts', 1),
        backoffMs: integer(config.backoffMs, 200, 'backoffMs', 0),
        timeoutMs: integer(config.timeoutMs, 10_000, 'timeoutMs', 1),
    };
}
