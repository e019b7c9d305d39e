import { defineAction } from '../define-action.js'
import { markerParam, maxItemsParam, pageByName } from '../ram-params.js'
import { roleView } from '../ram-views.js'

export const ListRoles = defineAction({
  name: 'ListRoles',
  description: 'Lists RAM roles by name, a page at a time.',
  params: { Marker: markerParam(), MaxItems: maxItemsParam() },
  errors: ['InvalidParameter'],
  async handle(q, ctx) {
    const page = await pageByName((after, limit) => ctx.store.identity.roles.list(after, limit), (r) => r.roleName, q.Marker, q.MaxItems)
    const roles = page.items.map((r) => roleView(r, ctx.config.accountId, false))
    return { Roles: { Role: roles }, IsTruncated: page.IsTruncated, ...(page.Marker ? { Marker: page.Marker } : {}) }
  },
})
