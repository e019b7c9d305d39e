/**
 * Which version is a key's first: Encrypt, Decrypt and GenerateDataKey* on the instance API always use it (spec
 * §2 "Semantics"). A key's first version never changes, so the answer is remembered per key id (bounded, least
 * recently used out) and dropped when the store announces a change to the key (it may have been destroyed).
 */
import { EVERY_RESOURCE } from '../store/store.js';
export function initialVersionIndex(store, maxKeys = 10_000) {
    const known = new Map();
    let epoch = 0;
    const close = store.subscribe((topic, id) => {
        if (topic !== 'key')
            return;
        epoch += 1;
        if (id === EVERY_RESOURCE)
            known.clear();
        else
            known.delete(id);
    });
    return {
        async lookup(keyId) {
            const hit = known.get(keyId);
            if (hit !== undefined) {
                known.delete(keyId);
                known.set(keyId, hit);
                return hit;
            }
            const seen = epoch;
            const first = (await store.keyVersions.list(keyId, { offset: 0, limit: 1 })).items[0];
            if (!first)
                return undefined;
            if (seen === epoch) {
                known.set(keyId, first.keyVersionId);
                if (known.size > maxKeys)
                    known.delete(known.keys().next().value);
            }
            return first.keyVersionId;
        },
        close,
    };
}
