import { defineAction } from '../define-action.js'
import { markerParam, maxItemsParam, pageByName } from '../ram-params.js'
import { userView } from '../ram-views.js'

export const ListUsers = defineAction({
  name: 'ListUsers',
  description: 'Lists RAM users by name, a page at a time (Marker, MaxItems).',
  params: { Marker: markerParam(), MaxItems: maxItemsParam() },
  errors: ['InvalidParameter'],
  async handle(q, ctx) {
    const page = await pageByName((after, limit) => ctx.store.identity.users.list(after, limit), (u) => u.userName, q.Marker, q.MaxItems)
    return { Users: { User: page.items.map(userView) }, IsTruncated: page.IsTruncated, ...(page.Marker ? { Marker: page.Marker } : {}) }
  },
})
