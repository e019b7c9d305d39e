import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { KmsErrors } from '../../domain/errors.js'
import { requireThisInstance } from '../../services/instance/kms-instance.js'

/**
 * Releasing would destroy every key and secret of the running server. openkms refuses it over the API, so that
 * one leaked credential cannot wipe the instance; the operator stops the server and removes its data instead.
 */
export const ReleaseKmsInstance = defineAction({
  name: 'ReleaseKmsInstance',
  description: 'Refused with Rejected.UnsupportedOperation: stop the server and remove its data directory (or database) to release it.',
  params: {
    KmsInstanceId: p.string({ required: true, maxLength: 128, description: 'This instance id (kst-…).' }),
    ForceDeleteWithoutBackup: p.string({ maxLength: 8, description: 'Accepted; the answer is the same.' }),
  },
  errors: ['Forbidden.ResourceNotFound', 'Rejected.UnsupportedOperation'],
  async handle(q, ctx) {
    requireThisInstance(ctx, q.KmsInstanceId)
    throw KmsErrors.unsupportedOperation(
      'A self-hosted instance is released by its operator: stop the server, then remove its data directory or database (see docs/deployment.md).',
    )
  },
})
