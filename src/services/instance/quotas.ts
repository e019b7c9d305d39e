/**
 * GetKmsInstanceQuotaInfos for this installation: the nominal quotas GetKmsInstance reports (openkms enforces no
 * key, secret or QPS quota) against real usage counted in the store. VPCs are not bound to an openkms instance
 * (network rules restrict callers instead), so the vpc quota is 0, like GetKmsInstance's VpcNum.
 */
import type { Runtime } from '../context.js'
import { NOMINAL_KEY_QUOTA, NOMINAL_SECRET_QUOTA, NOMINAL_SPEC } from './kms-instance.js'

export const QUOTA_RESOURCE_TYPES = ['key', 'secret', 'qps', 'vpc'] as const
export type QuotaResourceType = (typeof QUOTA_RESOURCE_TYPES)[number]

export interface QuotaInfo {
  ResourceType: QuotaResourceType
  ResourceQuota: number
  UsedQuantity: number
}

/** Quota rows for `types`, in the order given; usage is read only for the types asked for. */
export async function instanceQuotas(rt: Pick<Runtime, 'store'>, types: readonly QuotaResourceType[]): Promise<QuotaInfo[]> {
  const row = async (type: QuotaResourceType): Promise<QuotaInfo> => {
    if (type === 'key') return { ResourceType: type, ResourceQuota: NOMINAL_KEY_QUOTA, UsedQuantity: await rt.store.keys.count() }
    if (type === 'secret') return { ResourceType: type, ResourceQuota: NOMINAL_SECRET_QUOTA, UsedQuantity: await rt.store.secrets.count() }
    if (type === 'qps') return { ResourceType: type, ResourceQuota: NOMINAL_SPEC, UsedQuantity: 0 }
    return { ResourceType: type, ResourceQuota: 0, UsedQuantity: 0 }
  }
  const out: QuotaInfo[] = []
  for (const type of types) out.push(await row(type))
  return out
}
