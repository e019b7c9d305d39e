/** ListSecrets filters as SQL: AND across fields, OR within a field's values (spec kms-openapi.md §6.8 ListSecrets). */
import { sql } from 'kysely';
import { NEVER } from './dialect-helpers.js';
const COLUMN_FILTERS = {
    names: 'secret_name',
    types: 'secret_type',
    dkmsInstanceIds: 'dkms_instance_id',
    creators: 'creator',
};
/** `%`, `_` and the escape character itself are literal inside a LIKE pattern only when escaped. */
function likeContains(text) {
    return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
/** The WHERE condition for `secrets.list`; tag fields become EXISTS subqueries on the tags table. */
export function secretFilterExpression(eb, filter) {
    const conditions = [];
    for (const [field, column] of Object.entries(COLUMN_FILTERS)) {
        const values = filter[field];
        if (values === undefined)
            continue;
        conditions.push(values.length === 0 ? NEVER : eb(eb.ref(column), 'in', values));
    }
    if (filter.descriptions !== undefined) {
        conditions.push(filter.descriptions.length === 0
            ? NEVER
            : eb.or(filter.descriptions.map((d) => sql `lower(description) like ${likeContains(d)} escape '\\'`)));
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
                .where('tags.resource_type', '=', 'secret')
                .whereRef('tags.resource_id', '=', 'secrets.secret_name')
                .where(column, 'in', values)));
    }
    return eb.and(conditions);
}
