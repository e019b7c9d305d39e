import { defineAction } from '../define-action.js';
export const DescribeRegions = defineAction({
    name: 'DescribeRegions',
    description: 'Lists the regions this openkms serves (its one configured region).',
    params: {},
    errors: [],
    async handle(_q, ctx) {
        return { Regions: { Region: [{ RegionId: ctx.config.region }] } };
    },
});
