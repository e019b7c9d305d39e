import { affected, countOf, toNumber, uniqueAs } from './dialect-helpers.js';
import { referencesAs, requireRows } from './access-helpers.js';
function aapFromRow(r, policies) {
    return {
        name: r.name,
        description: r.description,
        authenticationMethod: r.authentication_method,
        policies,
        createdAt: toNumber(r.created_at),
        updatedAt: toNumber(r.updated_at),
    };
}
export class SqlAapRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insert(a) {
        await this.ctx.atomic(async (db) => {
            await requireRows(db, 'access_policies', a.policies, 'policy');
            await uniqueAs(`application access point ${a.name}`, () => db
                .insertInto('application_access_points')
                .values({
                name: a.name,
                description: a.description,
                authentication_method: a.authenticationMethod,
                created_at: a.createdAt,
                updated_at: a.updatedAt,
            })
                .execute());
            await this.writePolicies(db, a.name, a.policies);
        });
    }
    async get(name) {
        const row = await this.ctx.db().selectFrom('application_access_points').selectAll().where('name', '=', name).executeTakeFirst();
        return row && (await this.withPolicies([row]))[0];
    }
    async lock(name) {
        const result = await this.ctx
            .db()
            .updateTable('application_access_points')
            .set((eb) => ({ name: eb.ref('name') }))
            .where('name', '=', name)
            .executeTakeFirst();
        return affected(result) > 0;
    }
    async update(name, patch) {
        return this.ctx.atomic(async (db) => {
            if (patch.policies !== undefined)
                await requireRows(db, 'access_policies', patch.policies, 'policy');
            const result = await db
                .updateTable('application_access_points')
                .set({ updated_at: patch.updatedAt, ...(patch.description !== undefined ? { description: patch.description } : {}) })
                .where('name', '=', name)
                .executeTakeFirst();
            if (affected(result) === 0)
                return false;
            if (patch.policies !== undefined) {
                await db.deleteFrom('aap_policies').where('aap_name', '=', name).execute();
                await this.writePolicies(db, name, patch.policies);
            }
            return true;
        });
    }
    async delete(name) {
        return this.ctx.atomic(async (db) => {
            await db.deleteFrom('client_keys').where('aap_name', '=', name).execute();
            await db.deleteFrom('aap_policies').where('aap_name', '=', name).execute();
            const result = await referencesAs('inUse', `application access point ${name}`, () => db.deleteFrom('application_access_points').where('name', '=', name).executeTakeFirst());
            return affected(result) > 0;
        });
    }
    async list(page) {
        const base = this.ctx.db().selectFrom('application_access_points');
        const rows = await base.selectAll().orderBy('name').limit(page.limit).offset(page.offset).execute();
        const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
        return { items: await this.withPolicies(rows), total: countOf(total) };
    }
    async writePolicies(db, aapName, policies) {
        if (policies.length === 0)
            return;
        await referencesAs('missing', `policy ${policies.join(', ')}`, () => db
            .insertInto('aap_policies')
            .values(policies.map((policy, position) => ({ aap_name: aapName, policy_name: policy, position })))
            .execute());
    }
    async withPolicies(rows) {
        if (rows.length === 0)
            return [];
        const links = await this.ctx
            .db()
            .selectFrom('aap_policies')
            .selectAll()
            .where('aap_name', 'in', rows.map((r) => r.name))
            .orderBy('aap_name')
            .orderBy('position')
            .execute();
        const byAap = new Map();
        for (const l of links)
            byAap.set(l.aap_name, [...(byAap.get(l.aap_name) ?? []), l.policy_name]);
        return rows.map((r) => aapFromRow(r, byAap.get(r.name) ?? []));
    }
}
