/**
 * The transport ceiling: a bare node:http server on 127.0.0.1 that reads each request body and answers a
 * fixed JSON body of a given size with the same headers openkms sends. Run as its own process by
 * bench/run.ts (`node --import tsx bench/baseline-server.ts <bodyBytes>`); prints `listening <port>`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const size = Number(process.argv[2] ?? 200)
const requestId = '00000000-0000-4000-8000-000000000000'
const prefix = `{"RequestId":"${requestId}","Padding":"`
const body = Buffer.from(`${prefix}${'x'.repeat(Math.max(0, size - prefix.length - 2))}"}`)
const headers = { 'x-acs-request-id': requestId, 'content-type': 'application/json;charset=utf-8', 'content-length': body.length }

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.on('data', () => undefined)
  req.on('end', () => res.writeHead(200, headers).end(body))
})
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`))
process.once('SIGTERM', () => server.close(() => process.exit(0)))
