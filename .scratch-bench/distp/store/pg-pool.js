/**
 * The node-postgres pool behind the PostgreSQL store, adapted for Kysely: connections are named (so
 * `openkms root-key rotate` can see other nodes), idle-connection errors are reported instead of crashing
 * the process, and a COMMIT that PostgreSQL turned into a ROLLBACK fails loudly.
 */
import pg from 'pg';
/** `application_name` of every openkms connection; other nodes are found by it in `pg_stat_activity`. */
export const PG_APPLICATION_NAME = 'openkms';
/** SQLSTATE in_failed_sql_transaction. */
const IN_FAILED_TRANSACTION = '25P02';
/** A fresh pool; its `end()` closes every connection. */
export function createPgPool(opts) {
    const pool = new pg.Pool({
        connectionString: opts.url,
        max: opts.max,
        application_name: opts.applicationName ?? PG_APPLICATION_NAME,
        keepAlive: true,
        connectionTimeoutMillis: 10_000,
    });
    // An idle connection that breaks (server restart, network) emits 'error' on the pool; unhandled, it
    // would end the process. The pool drops that connection and opens a new one when needed.
    pool.on('error', opts.onError);
    return {
        connect: async () => checkedClient(await pool.connect()),
        end: () => pool.end(),
    };
}
/**
 * PostgreSQL answers COMMIT with ROLLBACK, and no error, when the transaction had already failed (a
 * statement error the caller caught). Reporting that as success would acknowledge writes that were
 * never made, so it becomes an error here.
 */
function checkedClient(client) {
    return {
        query: ((text, params) => {
            if (typeof text !== 'string')
                return client.query(text);
            return client.query(text, params).then((result) => {
                if (result.command === 'ROLLBACK' && /^\s*commit\s*$/i.test(text)) {
                    throw Object.assign(new Error('openkms: the transaction had failed and was rolled back instead of committed'), {
                        code: IN_FAILED_TRANSACTION,
                    });
                }
                return result;
            });
        }),
        release: () => client.release(),
    };
}
