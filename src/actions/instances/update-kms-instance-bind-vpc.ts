import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { requireThisInstance } from '../../services/instance/kms-instance.js'

const BindVpc = p.Type.Object(
  {
    VpcId: p.Type.String({ maxLength: 128 }),
    RegionId: p.Type.Optional(p.Type.String({ maxLength: 64 })),
    VSwitchId: p.Type.Optional(p.Type.String({ maxLength: 128 })),
    VpcOwnerId: p.Type.Optional(p.Type.Union([p.Type.String({ maxLength: 64 }), p.Type.Number()])),
  },
  { additionalProperties: true },
)

/**
 * On Alibaba Cloud this lets other VPCs reach the instance. openkms has no VPCs: who may call is decided by the
 * address it listens on and by network rules, so a well-formed request for this instance succeeds without change.
 */
export const UpdateKmsInstanceBindVpc = defineAction({
  name: 'UpdateKmsInstanceBindVpc',
  description: 'Succeeds without change for this instance (reachability is set by its listen address and network rules); BindVpcs is checked.',
  params: {
    KmsInstanceId: p.string({ required: true, maxLength: 128, description: 'This instance id (kst-…).' }),
    BindVpcs: p.json(p.Type.Array(BindVpc, { maxItems: 100 }), {
      required: true,
      maxLength: 16384,
      description: 'JSON list of {VpcId, RegionId, VSwitchId, VpcOwnerId}; checked, not used.',
    }),
  },
  errors: ['Forbidden.ResourceNotFound', 'InvalidParameter'],
  async handle(q, ctx) {
    requireThisInstance(ctx, q.KmsInstanceId)
    return {}
  },
})
