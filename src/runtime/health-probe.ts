/**
 * Honest readiness: a node is ready only while its store commits. A probe makes one real commit (changing
 * nothing) every few seconds with a deadline; a probe that fails or overruns, or a request whose write failed
 * for want of storage (full disk, read-only or frozen filesystem, lost database connection), marks the store
 * unavailable until the next probe commits again, so the node takes itself out of the load balancer and comes
 * back by itself. While unavailable, requests are answered at once with `ServiceUnavailableTemporary` (503,
 * retried by Alibaba's SDK retry helpers) instead of queueing behind writes that cannot finish.
 */
import type { Logger } from 'pino'
import { KmsError } from '../domain/errors.js'
import { isStoreUnavailable, type WriteProbe } from '../store/write-probe.js'

export interface StoreHealth {
  /** The last probe committed within its deadline and no write has failed for want of storage since. */
  healthy(): boolean
  /** The refusal to give while the store is unavailable; undefined while it is healthy. */
  unavailable(): KmsError | undefined
  /** A write failed: when for want of storage, the store counts as unavailable until a probe commits. */
  reportFailure(err: unknown): void
  /** Runs one probe now (tests, and the first probe at start). */
  probeNow(): Promise<boolean>
  close(): void
}

export interface HealthProbeOptions {
  probe: WriteProbe
  intervalMs: number
  timeoutMs: number
  log: Logger
}

export function startHealthProbe(opts: HealthProbeOptions): StoreHealth {
  let healthy = true
  let reason = ''
  let running: Promise<boolean> | undefined
  let closed = false

  const markDown = (why: string, err: unknown) => {
    if (healthy) opts.log.error({ err }, `store unavailable: ${why}; readiness is false until a write probe commits`)
    healthy = false
    reason = why
  }

  const probeNow = (): Promise<boolean> => {
    // A probe still waiting on a stalled store is not doubled: the next tick finds it and waits again.
    running ??= opts
      .probe(opts.timeoutMs)
      .then(
        () => {
          if (!healthy) opts.log.info('store available again: a write probe committed')
          healthy = true
          reason = ''
          return true
        },
        (err: unknown) => {
          markDown(`the write probe failed (${(err as { code?: string }).code ?? (err as Error).message})`, err)
          return false
        },
      )
      .finally(() => {
        running = undefined
      })
    return running
  }

  let timer: NodeJS.Timeout | undefined
  const tick = () => {
    if (closed) return
    void probeNow().finally(() => {
      if (!closed) {
        timer = setTimeout(tick, opts.intervalMs)
        timer.unref()
      }
    })
  }
  timer = setTimeout(tick, opts.intervalMs)
  timer.unref()

  return {
    healthy: () => healthy,
    unavailable: () =>
      healthy ? undefined : new KmsError('ServiceUnavailableTemporary', `Service Unavailable Temporary: the store cannot commit (${reason}).`),
    reportFailure: (err) => {
      if (isStoreUnavailable(err)) markDown(`a write failed (${(err as { code?: string }).code})`, err)
    },
    probeNow,
    close: () => {
      closed = true
      clearTimeout(timer)
    },
  }
}
