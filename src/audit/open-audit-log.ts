/**
 * Builds the process's audit log from the configuration: the store sink (default), a JSON-lines file or
 * stdout, a chain of its own, and the store's retention, applied at start and then every hour by each
 * process (deleting is idempotent, so processes may race). No sink configured means no audit log.
 */
import type { Logger } from 'pino'
import type { KmsConfig } from '../config.js'
import type { Store } from '../store/store.js'
import { DAY, HOUR } from '../domain/time.js'
import { AuditLog } from './audit-log.js'
import { newChainId } from './chain.js'
import type { SealSigner } from './seal-key.js'
import { fileSink, stdoutSink, storeSink, type AuditSink } from './sinks.js'

export interface OpenedAuditLog {
  log: AuditLog
  close(): Promise<void>
}

export async function openAuditLog(opts: {
  config: KmsConfig
  store: Store
  signer: SealSigner
  now: () => number
  log: Logger
  onWrite?: (sink: string, seconds: number, ok: boolean) => void
}): Promise<OpenedAuditLog | undefined> {
  const { config, store } = opts
  const sinks: AuditSink[] = []
  if (config.auditStore) sinks.push(storeSink(store.audit))
  if (config.auditFile === '-') sinks.push(stdoutSink())
  else if (config.auditFile) sinks.push(await fileSink(config.auditFile))
  if (sinks.length === 0) return undefined
  const log = new AuditLog({ sinks, signer: opts.signer, chainId: newChainId(), now: () => new Date(opts.now()), log: opts.log, onWrite: opts.onWrite })
  let retention: NodeJS.Timeout | undefined
  if (config.auditStore && config.auditRetentionDays > 0) {
    const prune = () =>
      store.audit
        .prune(opts.now() - config.auditRetentionDays * DAY)
        .then((n) => n > 0 && opts.log.info({ deleted: n, days: config.auditRetentionDays }, 'audit records past retention deleted'))
        .catch((err: unknown) => opts.log.error({ err }, 'audit retention failed'))
    void prune()
    retention = setInterval(prune, HOUR)
    retention.unref()
  }
  opts.log.info({ chain: log.chainId, sinks: log.sinkNames, failOpen: config.auditFailOpen }, 'audit log open')
  return {
    log,
    async close() {
      clearInterval(retention)
      await log.close()
    },
  }
}
