import { defineAction } from '../define-action.js';
import { pageNumberParam, pageSizeParam, pageOf } from '../common-params.js';
export const ListPolicies = defineAction({
    name: 'ListPolicies',
    description: 'Lists policies by name, with paging.',
    params: { PageNumber: pageNumberParam(), PageSize: pageSizeParam(20) },
    errors: ['InvalidParameter'],
    async handle(q, ctx) {
        const page = await ctx.store.access.policies.list(pageOf(q.PageNumber, q.PageSize));
        return {
            Policies: { Policy: page.items.map((p) => ({ Name: p.name })) },
            TotalCount: page.total,
            PageNumber: q.PageNumber,
            PageSize: q.PageSize,
        };
    },
});
