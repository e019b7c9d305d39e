import { defineAction } from '../define-action.js';
import { pageNumberParam, pageSizeParam, pageOf } from '../common-params.js';
export const ListNetworkRules = defineAction({
    name: 'ListNetworkRules',
    description: 'Lists network rules by name, with paging.',
    params: { PageNumber: pageNumberParam(), PageSize: pageSizeParam(20) },
    errors: ['InvalidParameter'],
    async handle(q, ctx) {
        const page = await ctx.store.access.networkRules.list(pageOf(q.PageNumber, q.PageSize));
        return {
            NetworkRules: { NetworkRule: page.items.map((r) => ({ Name: r.name, Type: r.type })) },
            TotalCount: page.total,
            PageNumber: q.PageNumber,
            PageSize: q.PageSize,
        };
    },
});
