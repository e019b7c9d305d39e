import { defineAction } from '../define-action.js'
import { keyIdParam } from '../common-params.js'
import { keyVersionView } from '../views/key-version.js'
import { createKeyVersion } from '../../services/keys/key-versions.js'

export const CreateKeyVersion = defineAction({
  name: 'CreateKeyVersion',
  description:
    'Creates a new version of an Enabled asymmetric key (at most 50 versions, at least 7 days apart); older versions keep working.',
  params: { KeyId: keyIdParam() },
  errors: [
    'Forbidden.KeyNotFound',
    'Forbidden.AliasNotFound',
    'Rejected.UnsupportedOperation',
    'Rejected.LimitExceeded',
    'Rejected.Disabled',
    'Rejected.PendingDeletion',
    'Rejected.PendingImport',
  ],
  async handle(q, ctx) {
    const version = await createKeyVersion(ctx, q.KeyId)
    return { KeyVersion: keyVersionView(version) }
  },
})
