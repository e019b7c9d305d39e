/** Waiting for a freshly started (or just provisioned) server to finish its background work. */
import type { ServerProcess } from '../test/support/server-process.js'

export const SETTLE_MAX_MS = 30_000
const SETTLE_WINDOW_MS = 500

/**
 * Waits until the server's processes are idle (under 0.05 cores over half a second): a server that just
 * started still fills its RSA key pool in the background, which would otherwise be measured as part of the
 * first scenario (and, with --workers, once per worker). Resolves the wait in ms, undefined if it never settled.
 */
export async function settle(server: ServerProcess): Promise<number | undefined> {
  const start = Date.now()
  while (Date.now() - start < SETTLE_MAX_MS) {
    const before = server.cpuSeconds()
    await new Promise((resolve) => setTimeout(resolve, SETTLE_WINDOW_MS))
    if ((server.cpuSeconds() - before) / (SETTLE_WINDOW_MS / 1000) < 0.05) return Date.now() - start
  }
  return undefined
}

