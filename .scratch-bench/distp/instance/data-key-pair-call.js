import { authorizedKey, initialVersion } from './instance-keys.js';
import { ivFor, sealRaw, symmetricAlgorithm } from './instance-gcm.js';
import { advanceAlgorithm, keyFormat, keyPairSpec, newDataKeyPair, sealAdvance } from './instance-data-keys.js';
/** Authorises, validates every parameter, then generates and seals the pair. */
export async function generateDataKeyPairCall(ctx, q, opts) {
    const key = await authorizedKey(ctx, q.KeyId);
    const alg = (opts.advance ? advanceAlgorithm : symmetricAlgorithm)(key, q.Algorithm ?? '', opts.api);
    const spec = keyPairSpec(q.KeyPairSpec);
    const format = keyFormat(q.KeyFormat);
    const iv = await ivFor(Buffer.alloc(0));
    const pair = await newDataKeyPair(ctx.rt, spec, format);
    const common = { KeyId: key.keyId, Iv: iv, KeyPairSpec: spec, PrivateKeyPlaintext: pair.privateKey, PublicKey: pair.publicKey };
    if (opts.advance) {
        const sealed = await sealAdvance(ctx.rt, key, { algorithm: alg, iv, plaintext: pair.privateKey, aad: q.Aad, api: opts.api });
        return { ...common, PrivateKeyCiphertextBlob: sealed.blob, Algorithm: alg, KeyVersionId: sealed.keyVersionId };
    }
    const version = await initialVersion(ctx, key);
    const PrivateKeyCiphertextBlob = sealRaw(alg, version, iv, pair.privateKey, q.Aad);
    return { ...common, PrivateKeyCiphertextBlob, Algorithm: alg, KeyVersionId: version.keyVersionId };
}
