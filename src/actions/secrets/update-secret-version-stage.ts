import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { optionalVersionIdParam, secretNameParam } from '../secret-params.js'
import { validateStageName } from '../../domain/secret-rules.js'
import { updateVersionStage } from '../../services/secrets/writes.js'

export const UpdateSecretVersionStage = defineAction({
  name: 'UpdateSecretVersionStage',
  description: 'Moves a stage label to another version and/or removes it; ACSCurrent and ACSPrevious can only move.',
  params: {
    SecretName: secretNameParam(),
    VersionStage: p.string({ required: true, maxLength: 64, description: 'The stage label: ACSCurrent, ACSPrevious or a custom label.' }),
    MoveToVersion: optionalVersionIdParam('The version that gets the label.'),
    RemoveFromVersion: optionalVersionIdParam('The version that holds the label now (custom labels may be removed with this alone).'),
  },
  errors: ['MissingParameter', 'InvalidParameter', 'Forbidden.ResourceNotFound', 'Rejected.ResourceInDeleteWindow', 'Rejected.UnsupportedOperation'],
  async handle(q, ctx) {
    validateStageName(q.VersionStage, 'VersionStage')
    const name = await updateVersionStage(ctx, q.SecretName, { stage: q.VersionStage, moveTo: q.MoveToVersion, removeFrom: q.RemoveFromVersion })
    return { SecretName: name }
  },
})
