/**
 * The `/metrics` listener (OPENKMS_METRICS_PORT / --metrics-port), apart from both API ports so it can stay
 * on loopback or a monitoring network (OPENKMS_METRICS_HOST, default 127.0.0.1). In a single process it
 * serves this process's registry; in a cluster's primary it asks every worker and sums (prom-client's
 * AggregatorRegistry over the cluster IPC channel).
 */
import cluster from 'node:cluster'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AggregatorRegistry, type Registry } from 'prom-client'

export interface RunningMetricsServer {
  url: string
  port: number
  close(): Promise<void>
}

/** What a scrape returns: text and its content type. */
type Source = () => Promise<{ text: string; contentType: string }>

export function registrySource(registry: Registry): Source {
  return async () => ({ text: await registry.metrics(), contentType: registry.contentType })
}

/** For the cluster primary: the workers' registries, summed. */
export function clusterSource(): Source {
  const aggregator = new AggregatorRegistry()
  return async () => ({ text: await aggregator.clusterMetrics(), contentType: aggregator.contentType })
}

/** For a cluster worker: answer the primary's scrape requests from `registry`. */
export function serveMetricsToPrimary(registry: Registry): void {
  if (!cluster.isWorker) return
  new AggregatorRegistry() // installs the worker's reply listener
  AggregatorRegistry.setRegistries([registry])
}

export async function startMetricsServer(host: string, port: number, source: Source, onError: (err: unknown) => void): Promise<RunningMetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n')
      return
    }
    source().then(
      ({ text, contentType }) => res.writeHead(200, { 'content-type': contentType }).end(text),
      (err: unknown) => {
        onError(err)
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n')
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const bound = (server.address() as AddressInfo).port
  return {
    port: bound,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
