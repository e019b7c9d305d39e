import { defineAction } from '../define-action.js'
import { pageNumberParam } from '../common-params.js'
import { p } from '../params.js'
import { KmsErrors } from '../../domain/errors.js'
import { dataKeyNameParam } from './get-managed-data-key.js'

export const ListManagedDataKeyVersions = defineAction({
  name: 'ListManagedDataKeyVersions',
  description: 'Answers Forbidden.ResourceNotFound, as GetManagedDataKey does: this instance holds no managed data keys.',
  params: {
    DataKeyName: dataKeyNameParam(),
    PageNumber: pageNumberParam(),
    PageSize: p.integer({ min: 1, max: 100, default: 10, description: 'Entries per page, 1–100.' }),
  },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q) {
    throw KmsErrors.resourceNotFound(`managed data key ${q.DataKeyName}`)
  },
})
