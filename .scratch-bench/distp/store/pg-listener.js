/**
 * PostgreSQL's push channel for change notices: one dedicated connection that LISTENs and calls `wake`
 * whenever another process commits changes (the notifying transaction runs `pg_notify`, which PostgreSQL
 * delivers at commit). Notifications sent while the connection is down are lost, so after every
 * (re)connection `wake` runs once more: the change feed then reads what it missed from the `changes` table.
 */
import pg from 'pg';
import { PG_APPLICATION_NAME } from './pg-pool.js';
export const CHANGES_CHANNEL = 'openkms_changes';
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;
/** Connects, LISTENs and keeps reconnecting with backoff until `close()`. */
export function listenForChanges(url, wake, onError) {
    let client;
    let connected = false;
    let closed = false;
    let retryMs = FIRST_RETRY_MS;
    let timer;
    const retry = () => {
        if (closed || timer)
            return;
        timer = setTimeout(() => {
            timer = undefined;
            void connect();
        }, retryMs);
        timer.unref();
        retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
    };
    const lost = (c, err) => {
        if (client !== c)
            return;
        client = undefined;
        connected = false;
        if (err && !closed)
            onError(err);
        c.end().catch(() => undefined);
        retry();
    };
    const connect = async () => {
        if (closed)
            return;
        const c = new pg.Client({ connectionString: url, application_name: `${PG_APPLICATION_NAME}-listen`, keepAlive: true });
        client = c;
        c.on('notification', () => wake());
        c.on('error', (err) => lost(c, err));
        c.on('end', () => lost(c));
        try {
            await c.connect();
            await c.query(`LISTEN ${CHANGES_CHANNEL}`);
            if (closed || client !== c)
                return;
            connected = true;
            retryMs = FIRST_RETRY_MS;
            wake();
        }
        catch (err) {
            lost(c, err);
        }
    };
    void connect();
    return {
        get connected() {
            return connected;
        },
        async close() {
            closed = true;
            if (timer)
                clearTimeout(timer);
            const c = client;
            client = undefined;
            connected = false;
            await c?.end().catch(() => undefined);
        },
    };
}
