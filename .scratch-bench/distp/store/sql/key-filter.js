import { NEVER } from './dialect-helpers.js';
const COLUMN_FILTERS = {
    states: 'state',
    specs: 'key_spec',
    usages: 'key_usage',
    protectionLevels: 'protection_level',
    dkmsInstanceIds: 'dkms_instance_id',
    keyIds: 'key_id',
    creators: 'creator',
};
/** Every openkms key is created by a user account, so `CreatorType` can only ever match `User`. */
const CREATOR_TYPE = 'User';
/** The WHERE condition for `keys.list`; alias and tag fields become EXISTS subqueries on their tables. */
export function keyFilterExpression(eb, filter) {
    const conditions = [];
    for (const [field, column] of Object.entries(COLUMN_FILTERS)) {
        const values = filter[field];
        if (values === undefined)
            continue;
        conditions.push(values.length === 0 ? NEVER : eb(eb.ref(column), 'in', values));
    }
    if (filter.creatorTypes !== undefined && !filter.creatorTypes.includes(CREATOR_TYPE))
        conditions.push(NEVER);
    if (filter.aliasNames !== undefined) {
        conditions.push(filter.aliasNames.length === 0
            ? NEVER
            : eb.exists(eb
                .selectFrom('aliases')
                .select('aliases.alias_name')
                .whereRef('aliases.key_id', '=', 'keys.key_id')
                .where('aliases.alias_name', 'in', filter.aliasNames)));
    }
    for (const [values, column] of [
        [filter.tagKeys, 'tags.tag_key'],
        [filter.tagValues, 'tags.tag_value'],
    ]) {
        if (values === undefined)
            continue;
        conditions.push(values.length === 0
            ? NEVER
            : eb.exists(eb
                .selectFrom('tags')
                .select('tags.tag_key')
                .where('tags.resource_type', '=', 'key')
                .whereRef('tags.resource_id', '=', 'keys.key_id')
                .where(column, 'in', values)));
    }
    return eb.and(conditions);
}
