import { NOMINAL_KEY_QUOTA, NOMINAL_SECRET_QUOTA, NOMINAL_SPEC } from './kms-instance.js';
export const QUOTA_RESOURCE_TYPES = ['key', 'secret', 'qps', 'vpc'];
/** Quota rows for `types`, in the order given; usage is read only for the types asked for. */
export async function instanceQuotas(rt, types) {
    const row = async (type) => {
        if (type === 'key')
            return { ResourceType: type, ResourceQuota: NOMINAL_KEY_QUOTA, UsedQuantity: await rt.store.keys.count() };
        if (type === 'secret')
            return { ResourceType: type, ResourceQuota: NOMINAL_SECRET_QUOTA, UsedQuantity: await rt.store.secrets.count() };
        if (type === 'qps')
            return { ResourceType: type, ResourceQuota: NOMINAL_SPEC, UsedQuantity: 0 };
        return { ResourceType: type, ResourceQuota: 0, UsedQuantity: 0 };
    };
    const out = [];
    for (const type of types)
        out.push(await row(type));
    return out;
}
