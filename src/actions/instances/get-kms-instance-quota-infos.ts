import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { requireThisInstance } from '../../services/instance/kms-instance.js'
import { instanceQuotas, QUOTA_RESOURCE_TYPES } from '../../services/instance/quotas.js'

export const GetKmsInstanceQuotaInfos = defineAction({
  name: 'GetKmsInstanceQuotaInfos',
  description: 'Reports the quotas of this KMS instance (nominal: openkms enforces none) with the real number of keys and secrets in use.',
  params: {
    KmsInstanceId: p.string({ maxLength: 128, description: 'The instance id (kst-…); defaults to this openkms instance, the only one.' }),
    ResourceType: p.oneOf(QUOTA_RESOURCE_TYPES, { description: 'key, secret, qps or vpc; all four when absent.' }),
  },
  errors: ['Forbidden.ResourceNotFound', 'InvalidParameter'],
  async handle(q, ctx) {
    const instanceId = q.KmsInstanceId === undefined ? ctx.instanceId : requireThisInstance(ctx, q.KmsInstanceId)
    const types = q.ResourceType === undefined ? QUOTA_RESOURCE_TYPES : [q.ResourceType]
    return { KmsInstanceId: instanceId, KmsInstanceQuotaInfos: await instanceQuotas(ctx, types) }
  },
})
