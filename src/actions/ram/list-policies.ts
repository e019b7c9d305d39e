import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { markerParam, maxItemsParam, pageByName } from '../ram-params.js'
import { policyView } from '../ram-views.js'
import { findPolicy, type ResolvedPolicy } from '../../services/identity/directory.js'
import { SYSTEM_POLICIES } from '../../services/identity/system-policies.js'

export const ListPolicies = defineAction({
  name: 'ListPolicies',
  description: 'Lists system and custom policies (PolicyType narrows), a page at a time.',
  params: {
    PolicyType: p.oneOf(['System', 'Custom'] as const, { description: 'System or Custom; absent: both, system policies first.' }),
    Marker: markerParam(),
    MaxItems: maxItemsParam(),
  },
  errors: ['InvalidParameter'],
  async handle(q, ctx) {
    // One name space for paging: `S:<name>` sorts system policies before custom ones (`U:<name>`).
    const list = async (after: string | undefined, limit: number): Promise<Array<{ key: string; policy: ResolvedPolicy }>> => {
      const out: Array<{ key: string; policy: ResolvedPolicy }> = []
      if (q.PolicyType !== 'Custom') {
        for (const sys of SYSTEM_POLICIES.map((s) => s.name).sort()) {
          const key = `S:${sys}`
          if (after === undefined || key > after) out.push({ key, policy: (await findPolicy(ctx.store, 'System', sys))! })
        }
      }
      if (q.PolicyType !== 'System' && out.length < limit) {
        const customAfter = after?.startsWith('U:') ? after.slice(2) : undefined
        for (const rec of await ctx.store.identity.policies.list(customAfter, limit - out.length)) {
          const policy = await findPolicy(ctx.store, 'Custom', rec.policyName)
          if (policy) out.push({ key: `U:${rec.policyName}`, policy })
        }
      }
      return out.slice(0, limit)
    }
    const page = await pageByName(list, (e) => e.key, q.Marker, q.MaxItems)
    const items = await Promise.all(
      page.items.map(async (e) => policyView(e.policy, (await ctx.store.identity.attachments.ofPolicy(e.policy.policyType, e.policy.policyName)).length)),
    )
    return { Policies: { Policy: items }, IsTruncated: page.IsTruncated, ...(page.Marker ? { Marker: page.Marker } : {}) }
  },
})
