import { defineAction } from '../define-action.js';
import { pageNumberParam, pageSizeParam, pageOf } from '../common-params.js';
export const ListApplicationAccessPoints = defineAction({
    name: 'ListApplicationAccessPoints',
    description: 'Lists application access points by name, with paging.',
    params: { PageNumber: pageNumberParam(), PageSize: pageSizeParam(20) },
    errors: ['InvalidParameter'],
    async handle(q, ctx) {
        const page = await ctx.store.access.aaps.list(pageOf(q.PageNumber, q.PageSize));
        return {
            ApplicationAccessPoints: {
                ApplicationAccessPoint: page.items.map((a) => ({ Name: a.name, AuthenticationMethod: a.authenticationMethod })),
            },
            TotalCount: page.total,
            PageNumber: q.PageNumber,
            PageSize: q.PageSize,
        };
    },
});
