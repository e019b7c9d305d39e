/** Column types per engine, decided in one place so each migration is written once for both engines. */
import { sql } from 'kysely';
/** The column types a migration uses on `engine`. */
export function columnTypes(engine) {
    if (engine === 'sqlite') {
        return {
            engine,
            text: 'text',
            blob: 'blob',
            int64: 'integer',
            int32: 'integer',
            serial: { type: 'integer', build: (c) => c.primaryKey().autoIncrement() },
        };
    }
    return {
        engine,
        text: sql `text collate "C"`,
        blob: 'bytea',
        int64: 'bigint',
        int32: 'integer',
        serial: { type: 'bigint', build: (c) => c.primaryKey().generatedAlwaysAsIdentity() },
    };
}
