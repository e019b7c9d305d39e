import { ReferenceViolation } from '../store.js';
import { affected, countOf, toNumber, uniqueAs } from './dialect-helpers.js';
import { fromJsonList, referencesAs, requireRows, toJsonList } from './access-helpers.js';
function policyFromRow(r, networkRules) {
    return {
        name: r.name,
        description: r.description,
        kmsInstance: r.kms_instance,
        permissions: fromJsonList(r.permissions),
        resources: fromJsonList(r.resources),
        networkRules,
        accessControlRulesText: r.access_control_rules,
        createdAt: toNumber(r.created_at),
        updatedAt: toNumber(r.updated_at),
    };
}
export class SqlAccessPolicyRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insert(p) {
        await this.ctx.atomic(async (db) => {
            await requireRows(db, 'network_rules', p.networkRules, 'network rule');
            await uniqueAs(`policy ${p.name}`, () => db
                .insertInto('access_policies')
                .values({
                name: p.name,
                description: p.description,
                kms_instance: p.kmsInstance,
                permissions: toJsonList(p.permissions),
                resources: toJsonList(p.resources),
                access_control_rules: p.accessControlRulesText,
                created_at: p.createdAt,
                updated_at: p.updatedAt,
            })
                .execute());
            await this.writeRules(db, p.name, p.networkRules);
        });
    }
    async get(name) {
        return (await this.getMany([name]))[0];
    }
    async getMany(names) {
        if (names.length === 0)
            return [];
        const rows = await this.ctx.db().selectFrom('access_policies').selectAll().where('name', 'in', [...names]).execute();
        return this.withRules(rows);
    }
    async update(name, patch) {
        return this.ctx.atomic(async (db) => {
            if (patch.networkRules !== undefined)
                await requireRows(db, 'network_rules', patch.networkRules, 'network rule');
            const result = await db
                .updateTable('access_policies')
                .set({
                updated_at: patch.updatedAt,
                ...(patch.description !== undefined ? { description: patch.description } : {}),
                ...(patch.permissions !== undefined ? { permissions: toJsonList(patch.permissions) } : {}),
                ...(patch.resources !== undefined ? { resources: toJsonList(patch.resources) } : {}),
                ...(patch.accessControlRulesText !== undefined ? { access_control_rules: patch.accessControlRulesText } : {}),
            })
                .where('name', '=', name)
                .executeTakeFirst();
            if (affected(result) === 0)
                return false;
            if (patch.networkRules !== undefined) {
                await db.deleteFrom('access_policy_network_rules').where('policy_name', '=', name).execute();
                await this.writeRules(db, name, patch.networkRules);
            }
            return true;
        });
    }
    async delete(name) {
        return this.ctx.atomic(async (db) => {
            const users = await this.usedBy(name);
            if (users.length > 0)
                throw new ReferenceViolation('inUse', `policy ${name}`, users.map((a) => `application access point ${a}`));
            await db.deleteFrom('access_policy_network_rules').where('policy_name', '=', name).execute();
            const result = await referencesAs('inUse', `policy ${name}`, () => db.deleteFrom('access_policies').where('name', '=', name).executeTakeFirst());
            return affected(result) > 0;
        });
    }
    async list(page) {
        const base = this.ctx.db().selectFrom('access_policies');
        const rows = await base.selectAll().orderBy('name').limit(page.limit).offset(page.offset).execute();
        const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
        return { items: await this.withRules(rows), total: countOf(total) };
    }
    async usedBy(name) {
        const rows = await this.ctx.db().selectFrom('aap_policies').select('aap_name').where('policy_name', '=', name).orderBy('aap_name').execute();
        return rows.map((r) => r.aap_name);
    }
    async writeRules(db, policyName, rules) {
        if (rules.length === 0)
            return;
        await referencesAs('missing', `network rule ${rules.join(', ')}`, () => db
            .insertInto('access_policy_network_rules')
            .values(rules.map((rule, position) => ({ policy_name: policyName, rule_name: rule, position })))
            .execute());
    }
    async withRules(rows) {
        if (rows.length === 0)
            return [];
        const links = await this.ctx
            .db()
            .selectFrom('access_policy_network_rules')
            .selectAll()
            .where('policy_name', 'in', rows.map((r) => r.name))
            .orderBy('policy_name')
            .orderBy('position')
            .execute();
        const byPolicy = new Map();
        for (const l of links)
            byPolicy.set(l.policy_name, [...(byPolicy.get(l.policy_name) ?? []), l.rule_name]);
        return rows.map((r) => policyFromRow(r, byPolicy.get(r.name) ?? []));
    }
}
