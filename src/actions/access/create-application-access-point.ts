import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { accessDescriptionParam, accessNameParam, jsonStringListParam } from '../access-params.js'
import { checkNameList } from '../../domain/access-names.js'
import { aapView } from '../views/access.js'
import { MAX_AAP_POLICIES } from '../../domain/access-policy.js'
import { createAap } from '../../services/access/admin.js'

export const CreateApplicationAccessPoint = defineAction({
  name: 'CreateApplicationAccessPoint',
  description: 'Creates an application access point (AAP): an application identity bound to 1-3 policies, authenticated by client keys.',
  params: {
    Name: accessNameParam('application access point'),
    Policies: jsonStringListParam(`JSON array of 1 to ${MAX_AAP_POLICIES} policy names.`, { required: true, maxItems: 100 }),
    AuthenticationMethod: p.oneOf(['ClientKey'], { default: 'ClientKey', description: 'Only ClientKey is supported.' }),
    Description: accessDescriptionParam(),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound', 'Rejected.ResourceExist'],
  async handle(q, ctx) {
    const policies = checkNameList(q.Policies, 'Policies', { min: 1, max: MAX_AAP_POLICIES })
    const aap = await createAap(ctx, { name: q.Name, description: q.Description ?? '', policies })
    return aapView(aap, ctx.config)
  },
})
