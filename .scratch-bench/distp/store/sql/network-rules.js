import { ReferenceViolation } from '../store.js';
import { affected, countOf, toNumber, uniqueAs } from './dialect-helpers.js';
import { fromJsonList, referencesAs, toJsonList } from './access-helpers.js';
function ruleFromRow(r) {
    return {
        name: r.name,
        type: r.type,
        sourcePrivateIps: fromJsonList(r.source_private_ips),
        description: r.description,
        createdAt: toNumber(r.created_at),
        updatedAt: toNumber(r.updated_at),
    };
}
export class SqlNetworkRuleRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insert(r) {
        await uniqueAs(`network rule ${r.name}`, () => this.ctx
            .db()
            .insertInto('network_rules')
            .values({
            name: r.name,
            type: r.type,
            source_private_ips: toJsonList(r.sourcePrivateIps),
            description: r.description,
            created_at: r.createdAt,
            updated_at: r.updatedAt,
        })
            .execute());
    }
    async get(name) {
        const row = await this.ctx.db().selectFrom('network_rules').selectAll().where('name', '=', name).executeTakeFirst();
        return row && ruleFromRow(row);
    }
    async getMany(names) {
        if (names.length === 0)
            return [];
        const rows = await this.ctx.db().selectFrom('network_rules').selectAll().where('name', 'in', [...names]).execute();
        return rows.map(ruleFromRow);
    }
    async update(name, patch) {
        const result = await this.ctx
            .db()
            .updateTable('network_rules')
            .set({
            updated_at: patch.updatedAt,
            ...(patch.sourcePrivateIps !== undefined ? { source_private_ips: toJsonList(patch.sourcePrivateIps) } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
        })
            .where('name', '=', name)
            .executeTakeFirst();
        return affected(result) > 0;
    }
    async delete(name) {
        return this.ctx.atomic(async (db) => {
            const users = await this.usedBy(name);
            if (users.length > 0)
                throw new ReferenceViolation('inUse', `network rule ${name}`, users.map((p) => `policy ${p}`));
            const result = await referencesAs('inUse', `network rule ${name}`, () => db.deleteFrom('network_rules').where('name', '=', name).executeTakeFirst());
            return affected(result) > 0;
        });
    }
    async list(page) {
        const base = this.ctx.db().selectFrom('network_rules');
        const rows = await base.selectAll().orderBy('name').limit(page.limit).offset(page.offset).execute();
        const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
        return { items: rows.map(ruleFromRow), total: countOf(total) };
    }
    async usedBy(name) {
        const rows = await this.ctx
            .db()
            .selectFrom('access_policy_network_rules')
            .select('policy_name')
            .where('rule_name', '=', name)
            .orderBy('policy_name')
            .execute();
        return rows.map((r) => r.policy_name);
    }
}
