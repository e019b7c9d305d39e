import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { policyNameParam, policyTypeParam } from '../ram-params.js'
import { policyVersionView } from '../ram-views.js'
import { KmsError } from '../../domain/errors.js'
import { requirePolicy } from '../../services/identity/directory.js'

export const GetPolicyVersion = defineAction({
  name: 'GetPolicyVersion',
  description: 'Returns one version of a policy with its document.',
  params: {
    PolicyName: policyNameParam(),
    PolicyType: policyTypeParam(),
    VersionId: p.string({ required: true, maxLength: 16, description: 'Version id, e.g. v2.' }),
  },
  errors: ['EntityNotExist.Policy', 'EntityNotExist.Policy.Version'],
  async handle(q, ctx) {
    const policy = await requirePolicy(ctx.store, q.PolicyType, q.PolicyName)
    const version =
      q.PolicyType === 'System'
        ? q.VersionId === 'v1' ? { policyName: q.PolicyName, versionId: 'v1', document: policy.document, createdAt: policy.createdAt } : undefined
        : await ctx.store.identity.policyVersions.get(q.PolicyName, q.VersionId)
    if (!version) throw new KmsError('EntityNotExist.Policy.Version', `The policy version does not exist: ${q.VersionId}.`)
    return { PolicyVersion: policyVersionView(version, policy.defaultVersion) }
  },
})
