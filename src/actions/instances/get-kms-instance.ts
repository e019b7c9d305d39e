import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { instanceDetails, requireThisInstance } from '../../services/instance/kms-instance.js'

export const GetKmsInstance = defineAction({
  name: 'GetKmsInstance',
  description: 'Describes this KMS instance, including CaCertificateChainPem, the CA chain instance-API clients trust.',
  params: {
    KmsInstanceId: p.string({ required: true, maxLength: 128, description: 'The instance id (kst-…); only this openkms instance exists.' }),
  },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    requireThisInstance(ctx, q.KmsInstanceId)
    return { KmsInstance: await instanceDetails(ctx) }
  },
})
