import { ReferenceViolation } from '../store.js';
const FOREIGN_KEY_CODES = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);
/** better-sqlite3's extended code, or PostgreSQL SQLSTATE 23503 (foreign_key_violation). */
export function isForeignKeyViolation(err) {
    const code = err?.code;
    return typeof code === 'string' && FOREIGN_KEY_CODES.has(code);
}
/**
 * Runs a write whose references were checked beforehand; if a concurrent writer (another process) broke one in
 * between, the database's foreign key refuses it and this reports the same `ReferenceViolation`.
 */
export async function referencesAs(kind, what, write) {
    try {
        return await write();
    }
    catch (err) {
        if (isForeignKeyViolation(err))
            throw new ReferenceViolation(kind, what);
        throw err;
    }
}
/** Throws ReferenceViolation('missing') for the first name of `names` that has no row in `table`. */
export async function requireRows(db, table, names, label) {
    if (names.length === 0)
        return;
    const rows = await db.selectFrom(table).select('name').where('name', 'in', [...names]).execute();
    const found = new Set(rows.map((r) => r.name));
    const missing = names.find((n) => !found.has(n));
    if (missing !== undefined)
        throw new ReferenceViolation('missing', `${label} ${missing}`);
}
/** JSON text columns holding string arrays. */
export function toJsonList(values) {
    return JSON.stringify(values);
}
export function fromJsonList(text) {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.map(String) : [];
}
