/**
 * Child half of the two-process SQLite test: prints `ready`, waits for `go` on stdin, then opens the
 * same file as the parent (racing its migration) and runs the shared workload; prints the result as JSON.
 */
import { createInterface } from 'node:readline'
import { once } from 'node:events'
import { openSqliteStore } from '../../src/store/sqlite.js'
import { runWorkload } from './two-process-workload.js'

const file = process.argv[2]
if (!file) throw new Error('usage: two-process-child.ts <sqlite file>')
const lines = createInterface({ input: process.stdin })
process.stdout.write('ready\n')
await once(lines, 'line')
lines.close()
const store = await openSqliteStore({ file })
const result = await runWorkload(store, 'child')
await store.close()
process.stdout.write(`${JSON.stringify(result)}\n`)
