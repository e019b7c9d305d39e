import type { Server } from 'node:net'
import type { AddressInfo } from 'node:net'

/** Listens and describes the bound endpoint (port 0 becomes the real port; IPv6 hosts get brackets in the URL). */
export async function listen(server: Server, host: string, port: number, scheme: 'http' | 'https'): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const bound = (server.address() as AddressInfo).port
  return { port: bound, url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${bound}` }
}
