/**
 * The few places where SQLite (better-sqlite3) and PostgreSQL (node-postgres) answer differently, so the
 * repositories can be written once.
 */
import { sql } from 'kysely';
import { UniqueViolation } from '../store.js';
import { guarded } from './statement-guard.js';
/** int8 and count(*) come back as string from node-postgres, as number (or bigint) from better-sqlite3. */
export function toNumber(value) {
    return typeof value === 'number' ? value : Number(value);
}
export function toNumberOrNull(value) {
    return value === null ? null : toNumber(value);
}
/** Reads `select count(*) as n` (absent row → 0). */
export function countOf(row) {
    return row ? toNumber(row.n) : 0;
}
/** Rows changed by an update/delete; Kysely reports a bigint on both engines. */
export function affected(result) {
    return Number(result?.numUpdatedRows ?? result?.numDeletedRows ?? 0n);
}
const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
/** SQLite extended result codes (better-sqlite3 `err.code`) or PostgreSQL SQLSTATE 23505 (unique_violation). */
export function isUniqueViolation(err) {
    const code = err?.code;
    return typeof code === 'string' && (SQLITE_UNIQUE_CODES.has(code) || code === '23505');
}
/**
 * Runs a write and turns the engine's unique-constraint error into `UniqueViolation(what)`. Inside a
 * PostgreSQL transaction the write runs under a savepoint, so a caller may catch the violation and go on.
 */
export async function uniqueAs(what, write) {
    try {
        return await guarded(write);
    }
    catch (err) {
        if (isUniqueViolation(err))
            throw new UniqueViolation(what);
        throw err;
    }
}
/** A condition that never holds: `x IN ()` is not valid SQL, so an empty OR-list compiles to this. */
export const NEVER = sql `1 = 0`;
/** Largest number of rows per multi-row insert, below SQLite's and PostgreSQL's bind-parameter limits. */
export const MAX_ROWS_PER_INSERT = 1000;
