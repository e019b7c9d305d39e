import { defineAction } from '../define-action.js'
import { markerParam, maxItemsParam, pageByName } from '../ram-params.js'
import { groupView } from '../ram-views.js'

export const ListGroups = defineAction({
  name: 'ListGroups',
  description: 'Lists RAM user groups by name, a page at a time.',
  params: { Marker: markerParam(), MaxItems: maxItemsParam() },
  errors: ['InvalidParameter'],
  async handle(q, ctx) {
    const page = await pageByName((after, limit) => ctx.store.identity.groups.list(after, limit), (g) => g.groupName, q.Marker, q.MaxItems)
    return { Groups: { Group: page.items.map(groupView) }, IsTruncated: page.IsTruncated, ...(page.Marker ? { Marker: page.Marker } : {}) }
  },
})
