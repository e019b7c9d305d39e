import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { accessControlRulesParam, accessDescriptionParam, accessNameParam, jsonStringListParam } from '../access-params.js'
import { checkPermissions, checkResources, MAX_RESOURCES, parseAccessControlRules } from '../../domain/access-policy.js'
import { policyCreated } from '../views/access.js'
import { createPolicy, policyScope } from '../../services/access/admin.js'

export const CreatePolicy = defineAction({
  name: 'CreatePolicy',
  description: 'Creates a policy: which keys and secrets an application access point may use, optionally only from given network rules.',
  params: {
    Name: accessNameParam('policy'),
    Permissions: jsonStringListParam(
      'JSON array of RbacPermission/Template/CryptoServiceKeyUser and/or RbacPermission/Template/CryptoServiceSecretUser.',
      { required: true, maxItems: 2 },
    ),
    Resources: jsonStringListParam(`JSON array of key/<KeyId>, key/*, secret/<SecretName>, secret/* (* only as a suffix), 1 to ${MAX_RESOURCES}.`, {
      required: true,
      maxItems: MAX_RESOURCES,
    }),
    KmsInstance: p.string({ maxLength: 128, description: 'The KMS instance the policy applies to; defaults to (and must be) this openkms instance.' }),
    AccessControlRules: accessControlRulesParam(),
    Description: accessDescriptionParam(),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound', 'Rejected.ResourceExist'],
  async handle(q, ctx) {
    const permissions = checkPermissions(q.Permissions, 'Permissions')
    const resources = checkResources(q.Resources, 'Resources')
    const networkRules = q.AccessControlRules === undefined ? [] : parseAccessControlRules(q.AccessControlRules, 'AccessControlRules')
    const policy = await createPolicy(ctx, {
      name: q.Name,
      description: q.Description ?? '',
      kmsInstance: policyScope(ctx, q.KmsInstance),
      permissions,
      resources,
      networkRules,
      accessControlRulesText: q.AccessControlRules ?? '',
    })
    return policyCreated(policy, ctx.config)
  },
})
