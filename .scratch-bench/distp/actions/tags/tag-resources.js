import { defineAction } from '../define-action.js';
import { p } from '../params.js';
import { validateTags } from '../../domain/tags.js';
import { requireRegion, tagPairs, tagResources } from '../../services/tags.js';
export const TagResources = defineAction({
    name: 'TagResources',
    description: 'Adds or overwrites tags on up to 50 keys or secrets at once: all of them change, or none does.',
    params: {
        RegionId: p.string({ required: true, maxLength: 64, description: 'Must be the region this server serves.' }),
        ResourceType: p.oneOf(['key', 'secret'], { required: true, description: 'key or secret.' }),
        ResourceId: p.list({
            required: true,
            maxItems: 50,
            itemMaxLength: 512,
            description: 'ResourceId.N: key ids (or aliases, ARNs) or secret names, up to 50.',
        }),
        Tag: p.objectList(['Key', 'Value'], { required: true, maxItems: 20, description: 'Tag.N.Key / Tag.N.Value, 1 to 20 tags.' }),
    },
    errors: [
        'MissingParameter',
        'InvalidParameter',
        'Rejected.LimitExceeded',
        'Forbidden.KeyNotFound',
        'Forbidden.AliasNotFound',
        'Forbidden.ResourceNotFound',
        'Rejected.PendingDeletion',
    ],
    async handle(q, ctx) {
        requireRegion(ctx, q.RegionId);
        const tags = validateTags(tagPairs(q.Tag).map((t) => ({ tagKey: t.tagKey, tagValue: t.tagValue ?? '' })), 'Tag');
        await tagResources(ctx, q.ResourceType, q.ResourceId, tags);
        return {};
    },
});
