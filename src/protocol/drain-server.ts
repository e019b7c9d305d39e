/**
 * Graceful close of an HTTP(S) server: stop accepting, let requests in flight finish, then close their
 * connections. `server.close()` alone closes only the connections idle at that moment; a keep-alive
 * connection whose request finishes later would stay open until its keep-alive timeout, holding the
 * close (and a node's shutdown) for a minute. So idle connections are swept until the close completes.
 */
import type { Server } from 'node:http'

const SWEEP_MS = 50

/** Resolves once every connection of `server` is closed. */
export function drainServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS)
    server.close(() => {
      clearInterval(sweep)
      resolve()
    })
    server.closeIdleConnections()
  })
}
