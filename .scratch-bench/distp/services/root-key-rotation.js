import { allMeta, wrappedColumns } from '../store/sql/maintenance.js';
import { rootKeyring, wrapContext } from './keyring.js';
import { ROOT_KEY_CHECK_META, RootKeyMismatch, rootKeyCheckValue } from './root-key-check.js';
/**
 * Columns named `wrapped_*` and what wraps them. A column missing here stops the rotation before it
 * writes anything, so a new kind of root-wrapped value cannot be silently left under the old key.
 */
const KNOWN_WRAPPED_COLUMNS = {
    'key_versions.wrapped_material': 'root key',
    'access_keys.wrapped_secret': 'root key',
    // Secret values are envelope-encrypted under a KMS key (services/secret-encryption.ts), not the root key.
    'secret_versions.wrapped_data_key': 'a KMS key',
};
/** Meta entries holding JSON with root-wrapped, base64 fields (services/instance-tls.ts), and each field's context. */
const WRAPPED_META = {
    'instanceTls.ca': { wrappedRootKey: wrapContext.instanceTls('root-ca'), wrappedSubCaKey: wrapContext.instanceTls('sub-ca') },
    'instanceTls.server': { wrappedKey: wrapContext.instanceTls('server') },
};
const PAGE = 500;
/** Refuses (before any write) when the database holds wrapped values this code does not know how to re-wrap. */
async function checkNothingUnknown(store) {
    const unknownColumns = (await wrappedColumns(store)).filter((c) => !(c in KNOWN_WRAPPED_COLUMNS));
    const unknownMeta = (await allMeta(store)).flatMap(({ key, value }) => {
        let fields = [];
        try {
            const parsed = JSON.parse(value);
            if (parsed && typeof parsed === 'object')
                fields = Object.keys(parsed).filter((f) => /^wrapped/i.test(f));
        }
        catch {
            return [];
        }
        return fields.filter((f) => !(WRAPPED_META[key] && f in WRAPPED_META[key])).map((f) => `meta ${key}.${f}`);
    });
    const unknown = [...unknownColumns, ...unknownMeta];
    if (unknown.length > 0)
        throw new Error(`openkms root-key rotate: this build does not know how to re-wrap ${unknown.join(', ')}; nothing was changed`);
}
async function rewrapKeyVersions(tx, rewrap) {
    let count = 0;
    for (let offset = 0;; offset += PAGE) {
        const keys = await tx.keys.list({}, { offset, limit: PAGE });
        for (const key of keys.items) {
            for (let vOffset = 0;; vOffset += PAGE) {
                const versions = await tx.keyVersions.list(key.keyId, { offset: vOffset, limit: PAGE });
                for (const v of versions.items) {
                    if (!v.wrappedMaterial)
                        continue;
                    await tx.keyVersions.setMaterial(v.keyId, v.keyVersionId, rewrap(v.wrappedMaterial, wrapContext.keyVersion(v.keyVersionId)));
                    count++;
                }
                if (vOffset + PAGE >= versions.total)
                    break;
            }
        }
        if (offset + PAGE >= keys.total)
            return count;
    }
}
async function rewrapMeta(tx, rewrap) {
    let count = 0;
    for (const [key, fields] of Object.entries(WRAPPED_META)) {
        const text = await tx.meta.get(key);
        if (text === undefined)
            continue;
        const value = JSON.parse(text);
        for (const [field, context] of Object.entries(fields)) {
            if (typeof value[field] !== 'string')
                continue;
            value[field] = rewrap(Buffer.from(value[field], 'base64'), context).toString('base64');
            count++;
        }
        await tx.meta.put(key, JSON.stringify(value));
    }
    return count;
}
/**
 * Re-wraps everything under `newKey` in one transaction, after checking that `oldKey` is the database's
 * key. Any value that does not unwrap under `oldKey` aborts the whole rotation.
 */
export async function rotateRootKey(store, oldKey, newKey) {
    if (oldKey.equals(newKey))
        throw new Error('openkms root-key rotate: the new root key is the current one');
    await checkNothingUnknown(store);
    const from = rootKeyring(oldKey);
    const to = rootKeyring(newKey);
    const rewrap = (wrapped, context) => {
        const plain = from.unwrap(wrapped, context);
        try {
            return to.wrap(plain, context);
        }
        finally {
            plain.fill(0);
        }
    };
    const report = await store.tx(async (tx) => {
        if ((await tx.meta.get(ROOT_KEY_CHECK_META)) !== rootKeyCheckValue(oldKey))
            throw new RootKeyMismatch();
        const keyVersions = await rewrapKeyVersions(tx, rewrap);
        let accessKeys = 0;
        for (const ak of await tx.accessKeys.list()) {
            await tx.accessKeys.put({ ...ak, wrappedSecret: rewrap(ak.wrappedSecret, wrapContext.accessKey(ak.accessKeyId)) });
            accessKeys++;
        }
        const metaValues = await rewrapMeta(tx, rewrap);
        await tx.meta.put(ROOT_KEY_CHECK_META, rootKeyCheckValue(newKey));
        return { keyVersions, accessKeys, metaValues };
    });
    return report;
}
