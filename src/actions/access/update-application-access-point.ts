import { defineAction } from '../define-action.js'
import { accessDescriptionParam, accessNameParam, jsonStringListParam } from '../access-params.js'
import { checkNameList } from '../../domain/access-names.js'
import { MAX_AAP_POLICIES } from '../../domain/access-policy.js'
import { updateAap } from '../../services/access/admin.js'

export const UpdateApplicationAccessPoint = defineAction({
  name: 'UpdateApplicationAccessPoint',
  description: 'Replaces the policies and/or the description of an application access point (its name is fixed).',
  params: {
    Name: accessNameParam('application access point'),
    Policies: jsonStringListParam(`New JSON array of 1 to ${MAX_AAP_POLICIES} policy names.`, { maxItems: 100 }),
    Description: accessDescriptionParam({ update: true }),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    const policies = q.Policies === undefined ? undefined : checkNameList(q.Policies, 'Policies', { min: 1, max: MAX_AAP_POLICIES })
    await updateAap(ctx, q.Name, { policies, description: q.Description })
    return {}
  },
})
