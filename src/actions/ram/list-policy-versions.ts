import { defineAction } from '../define-action.js'
import { policyNameParam, policyTypeParam } from '../ram-params.js'
import { policyVersionView } from '../ram-views.js'
import { requirePolicy } from '../../services/identity/directory.js'

export const ListPolicyVersions = defineAction({
  name: 'ListPolicyVersions',
  description: 'Lists the versions of a policy, oldest first, with their documents.',
  params: { PolicyName: policyNameParam(), PolicyType: policyTypeParam() },
  errors: ['EntityNotExist.Policy'],
  async handle(q, ctx) {
    const policy = await requirePolicy(ctx.store, q.PolicyType, q.PolicyName)
    const versions =
      q.PolicyType === 'System'
        ? [{ policyName: q.PolicyName, versionId: 'v1', document: policy.document, createdAt: policy.createdAt }]
        : await ctx.store.identity.policyVersions.list(q.PolicyName)
    return { PolicyVersions: { PolicyVersion: versions.map((v) => policyVersionView(v, policy.defaultVersion)) } }
  },
})
