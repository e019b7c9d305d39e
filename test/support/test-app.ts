/**
 * Starts a real openkms (real SQLite in a temp directory, real HTTP on 127.0.0.1:0) for integration tests.
 * `startTestApp({ tls: true })` serves the control plane over HTTPS with the private CA's certificate; clients
 * then trust `app.caFilePath` (clients that insist on HTTPS, such as STS credential providers, need this).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { startApp, type App, type AppOptions } from '../../src/runtime/app.js'
import { configFromEnv, type KmsConfig } from '../../src/config.js'

export const TEST_AK = { accessKeyId: 'LTAItestaccesskey0001', accessKeySecret: 'test-secret-0123456789abcdef' }

export interface TestApp extends App {
  config: KmsConfig
  dataDir: string
  /** 'host:port' as the SDKs take it. */
  endpoint: string
  /** Stops the server and removes the data directory (unless `keepData`). */
  stop(opts?: { keepData?: boolean }): Promise<void>
}

export async function startTestApp(overrides: Partial<KmsConfig> = {}, opts: AppOptions = {}): Promise<TestApp> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'openkms-test-'))
  const config = configFromEnv(
    {},
    { dataDir, port: 0, instancePort: 0, accessKeyId: TEST_AK.accessKeyId, accessKeySecret: TEST_AK.accessKeySecret, ...overrides },
  )
  const app = await startApp(config, { log: pino({ level: process.env.OPENKMS_TEST_LOG ?? 'silent' }), ...opts })
  const endpoint = app.url.replace(/^https?:\/\//, '')
  return {
    ...app,
    config,
    dataDir,
    endpoint,
    async stop(o = {}) {
      await app.close()
      if (!o.keepData) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
