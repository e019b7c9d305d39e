import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { requireThisInstance } from '../../services/instance/kms-instance.js'

/**
 * On Alibaba Cloud this enables a purchased instance inside a VPC. An openkms instance is running (Connected) as
 * soon as its server is: with this instance's id the call succeeds and changes nothing (docs/behaviour.md).
 */
export const ConnectKmsInstance = defineAction({
  name: 'ConnectKmsInstance',
  description: 'Succeeds without change for this instance, which is connected while its server runs; the network fields are not used.',
  params: {
    KmsInstanceId: p.string({ required: true, maxLength: 128, description: 'This instance id (kst-…).' }),
    KMProvider: p.string({ required: true, maxLength: 64, description: 'Aliyun, as on Alibaba Cloud.' }),
    VpcId: p.string({ required: true, maxLength: 128, description: 'Accepted; openkms listens where it is configured to.' }),
    ZoneIds: p.string({ required: true, maxLength: 512, description: 'Accepted; not used.' }),
    VSwitchIds: p.string({ required: true, maxLength: 512, description: 'Accepted; not used.' }),
  },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    requireThisInstance(ctx, q.KmsInstanceId)
    return {}
  },
})
