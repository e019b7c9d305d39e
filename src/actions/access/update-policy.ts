import { defineAction } from '../define-action.js'
import { accessControlRulesParam, accessDescriptionParam, accessNameParam, jsonStringListParam } from '../access-params.js'
import { checkPermissions, checkResources, MAX_RESOURCES, parseAccessControlRules } from '../../domain/access-policy.js'
import { updatePolicy } from '../../services/access/admin.js'

export const UpdatePolicy = defineAction({
  name: 'UpdatePolicy',
  description: 'Replaces the permissions, resources, network rules and/or description of a policy (its name and instance are fixed).',
  params: {
    Name: accessNameParam('policy'),
    Permissions: jsonStringListParam('New JSON array of permission templates.', { maxItems: 2 }),
    Resources: jsonStringListParam(`New JSON array of resource patterns, 1 to ${MAX_RESOURCES}.`, { maxItems: MAX_RESOURCES }),
    AccessControlRules: accessControlRulesParam(),
    Description: accessDescriptionParam({ update: true }),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    const rules = q.AccessControlRules
    await updatePolicy(ctx, q.Name, {
      permissions: q.Permissions === undefined ? undefined : checkPermissions(q.Permissions, 'Permissions'),
      resources: q.Resources === undefined ? undefined : checkResources(q.Resources, 'Resources'),
      ...(rules === undefined ? {} : { networkRules: parseAccessControlRules(rules, 'AccessControlRules'), accessControlRulesText: rules }),
      description: q.Description,
    })
    return {}
  },
})
