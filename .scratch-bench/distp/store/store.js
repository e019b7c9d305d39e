export * from './repos/keys.js';
export * from './repos/aliases.js';
export * from './repos/tags.js';
export * from './repos/auth.js';
export * from './repos/access.js';
export * from './repos/secrets.js';
export * from './repos/key-imports.js';
export const CHANGE_TOPICS = ['key', 'alias', 'accessKey', 'access', 'secret'];
/**
 * The id of a notice that means "every resource of this topic may have changed": a process that fell too
 * far behind the change feed (or saw the database restored) cannot tell what changed. Caches drop all.
 */
export const EVERY_RESOURCE = '*';
/** Thrown by repositories when an insert or update would break a uniqueness rule. */
export class UniqueViolation extends Error {
    what;
    constructor(what) {
        super(`unique violation: ${what}`);
        this.what = what;
        this.name = 'UniqueViolation';
    }
}
