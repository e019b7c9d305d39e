/**
 * Facade for asymmetric keys (spec/kms-openapi.md §4.4): AsymmetricSign/Verify over a caller-computed digest and
 * AsymmetricEncrypt/Decrypt. Private-key operations (and the JavaScript EC/SM2 math) run on the worker pool so the
 * event loop never blocks on them; RSA public operations are cheap (≈30 µs) and run inline.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIGEST_LENGTH, RSA_BITS, assertEncryptionAlgorithm, assertSignAlgorithm, maxPlaintextBytes, } from './algorithms.js';
import { CryptoError } from './crypto-error.js';
import { runCryptoTask } from './crypto-task.js';
import { rsaEncrypt, rsaVerifyDigest } from './rsa.js';
import { WorkerPool } from './worker-pool.js';
export { encryptionAlgorithmsFor, maxPlaintextBytes, signAlgorithmsFor } from './algorithms.js';
let poolOptions = {};
let pool;
/** The worker entry sits next to this module with the same extension (.ts under tsx, .js when compiled). */
const workerScript = new URL(`./crypto-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
function reviveError(e) {
    if (e.name === 'CryptoError')
        return new CryptoError((e.reason ?? 'format'), e.message);
    const err = new Error(e.message);
    err.name = e.name;
    return err;
}
function getPool() {
    pool ??= new WorkerPool({ script: workerScript, run: runCryptoTask, reviveError, ...poolOptions });
    return pool;
}
/** Sets the pool size or disables workers; takes effect for the next operation (a running pool is closed). */
export async function configureCryptoPool(opts) {
    poolOptions = { ...opts };
    await shutdownCryptoPool();
}
/** Stops the worker threads (for graceful shutdown and tests); the next operation starts them again. */
export async function shutdownCryptoPool() {
    const p = pool;
    pool = undefined;
    await p?.close();
}
/** Starts a worker ahead of the first request. */
export function warmUpCryptoPool() {
    getPool().warmUp();
}
/** 'workers' normally; 'inline' when disabled or when workers could not start in this environment. */
export function cryptoPoolMode() {
    return getPool().mode;
}
/** A compact copy: postMessage would otherwise clone a pooled Buffer's whole 8 KiB backing store. */
const bytes = (b) => new Uint8Array(b);
function asBuffer(r) {
    if (!(r instanceof Uint8Array))
        throw new Error('crypto task returned no bytes');
    return Buffer.from(r.buffer, r.byteOffset, r.byteLength);
}
function checkDigest(digest) {
    if (digest.length !== DIGEST_LENGTH) {
        throw new CryptoError('format', `digest must be ${DIGEST_LENGTH} bytes, got ${digest.length}`);
    }
}
/** Signs a digest the caller computed (Alibaba's AsymmetricSign never hashes again); returns DER or RSA bytes. */
export async function signDigest(spec, material, alg, digest) {
    assertSignAlgorithm(spec, alg);
    checkDigest(digest);
    return asBuffer(await getPool().run({ op: 'sign', spec, alg, material: bytes(material), digest: bytes(digest) }));
}
/** True only for a valid signature; malformed signatures are false, an unusable public key throws 'key'. */
export async function verifyDigest(spec, publicKey, alg, digest, signature) {
    assertSignAlgorithm(spec, alg);
    checkDigest(digest);
    const bits = RSA_BITS[spec];
    if (bits)
        return rsaVerifyDigest(publicKey, bits, alg, digest, signature);
    const r = await getPool().run({
        op: 'verify',
        spec,
        alg,
        publicKey: bytes(publicKey),
        digest: bytes(digest),
        signature: bytes(signature),
    });
    return r === true;
}
/** Public-key encryption; plaintexts over `maxPlaintextBytes` throw CryptoError('format'). */
export async function asymmetricEncrypt(spec, publicKey, alg, plaintext) {
    assertEncryptionAlgorithm(spec, alg);
    const max = maxPlaintextBytes(spec, alg);
    if (plaintext.length > max)
        throw new CryptoError('format', `plaintext exceeds ${max} bytes for ${alg} on ${spec}`);
    const bits = RSA_BITS[spec];
    if (bits)
        return rsaEncrypt(publicKey, bits, alg, plaintext);
    return asBuffer(await getPool().run({ op: 'encrypt', spec, alg, publicKey: bytes(publicKey), plaintext: bytes(plaintext) }));
}
/** Private-key decryption; integrity failures throw CryptoError('auth'), malformed input 'format'. */
export async function asymmetricDecrypt(spec, material, alg, ciphertext) {
    assertEncryptionAlgorithm(spec, alg);
    return asBuffer(await getPool().run({ op: 'decrypt', spec, alg, material: bytes(material), ciphertext: bytes(ciphertext) }));
}
