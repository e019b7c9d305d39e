/**
 * Thrown when a write would leave a reference dangling: `missing` when it names an object that does not exist,
 * `inUse` when it deletes an object others still name (`by`). Nothing is written; inside a transaction the
 * caller must abandon it (PostgreSQL aborts it anyway).
 */
export class ReferenceViolation extends Error {
    kind;
    what;
    by;
    constructor(kind, 
    /** The missing or still-referenced object, e.g. `network rule office-lan`. */
    what, 
    /** For `inUse`: who still names it, e.g. `['policy p1']` (may be empty when only the database knew). */
    by = []) {
        super(`reference violation: ${what} ${kind === 'missing' ? 'does not exist' : `is still used${by.length ? ` by ${by.join(', ')}` : ''}`}`);
        this.kind = kind;
        this.what = what;
        this.by = by;
        this.name = 'ReferenceViolation';
    }
}
/** The id announced on topic 'access' for a change to one object. */
export function accessChangeId(kind, id) {
    return `${kind}:${id}`;
}
