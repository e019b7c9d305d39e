import { defineAction } from '../define-action.js'
import { policyNameParam, policyTypeParam } from '../ram-params.js'
import { policyView } from '../ram-views.js'
import { formatUtc } from '../../domain/time.js'
import { requirePolicy } from '../../services/identity/directory.js'

export const GetPolicy = defineAction({
  name: 'GetPolicy',
  description: 'Returns a policy and its default version’s document.',
  params: { PolicyName: policyNameParam(), PolicyType: policyTypeParam() },
  errors: ['EntityNotExist.Policy'],
  async handle(q, ctx) {
    const policy = await requirePolicy(ctx.store, q.PolicyType, q.PolicyName)
    const attachments = await ctx.store.identity.attachments.ofPolicy(q.PolicyType, q.PolicyName)
    const version = q.PolicyType === 'Custom' ? await ctx.store.identity.policyVersions.get(q.PolicyName, policy.defaultVersion) : undefined
    return {
      Policy: policyView(policy, attachments.length),
      DefaultPolicyVersion: {
        VersionId: policy.defaultVersion,
        IsDefaultVersion: true,
        PolicyDocument: policy.document,
        CreateDate: formatUtc(version?.createdAt ?? policy.createdAt),
      },
    }
  },
})
