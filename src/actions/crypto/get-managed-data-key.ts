import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { KmsErrors } from '../../domain/errors.js'

/** Names as Alibaba documents them (letters, digits and `_-./`), so that a malformed name is InvalidParameter. */
export const dataKeyNameParam = () =>
  p.string({ required: true, maxLength: 192, pattern: /^[A-Za-z0-9_\-./]+$/, description: 'The managed data key name.' })

/**
 * Managed data keys are created by Alibaba Cloud services and the console; the API has no action that creates one,
 * so an openkms instance holds none and every name is not found (docs/behaviour.md "Managed data keys").
 */
export const GetManagedDataKey = defineAction({
  name: 'GetManagedDataKey',
  description: 'Answers Forbidden.ResourceNotFound: no API creates managed data keys, so this instance has none; use GenerateDataKey.',
  params: {
    DataKeyName: dataKeyNameParam(),
    DataKeyVersionId: p.string({ maxLength: 64, description: 'A version of the data key.' }),
    UseLatest: p.boolean({ default: false, description: 'Latest (true) or first (false) version when DataKeyVersionId is absent.' }),
  },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q) {
    throw KmsErrors.resourceNotFound(`managed data key ${q.DataKeyName}`)
  },
})
