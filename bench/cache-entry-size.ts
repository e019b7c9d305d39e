/**
 * Memory one key-cache entry takes: fills a store with N AES keys, loads every key and its primary version
 * into a key cache big enough for all of them, and divides the growth of heap + external memory (after
 * forced garbage collections) by N. Run as a child with --expose-gc: `node --expose-gc --import tsx
 * bench/cache-entry-size.ts <N>` prints `bytesPerEntry <n>`; bench/many-keys.ts calls `cacheEntryBytes`.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'

const SELF = fileURLToPath(import.meta.url)

export async function cacheEntryBytes(keys: number): Promise<number> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SELF, String(keys)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let text = ''
    child.stdout.on('data', (c: Buffer) => (text += c.toString()))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`cache-entry-size exited with ${code}`))))
  })
  const n = Number(/bytesPerEntry (\S+)/.exec(out)?.[1])
  if (!Number.isFinite(n)) throw new Error(`cache-entry-size printed no figure: ${out}`)
  return n
}

async function main(count: number): Promise<void> {
  const { fillStore } = await import('./fill-store.js')
  const { initRuntime } = await import('../src/runtime/app.js')
  const { configFromEnv } = await import('../src/config.js')
  const { createKeyCache } = await import('../src/services/keys/key-cache.js')
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-cache-size-'))
  const creds = { accessKeyId: 'LTAIbenchaccesskey0001', accessKeySecret: 'bench-secret-0123456789abcdef' }
  try {
    const { keyIds } = await fillStore(dataDir, count, creds)
    const config = configFromEnv({}, { dataDir, ...creds })
    const { runtime } = await initRuntime(config, { log: pino({ level: 'silent' }), keyPoolSize: 0 })
    const cache = createKeyCache(runtime.store, runtime.keyring, config, { maxKeys: count })
    const used = () => {
      for (let i = 0; i < 4; i++) (globalThis as { gc?: () => void }).gc?.()
      const m = process.memoryUsage()
      return m.heapUsed + m.external
    }
    // Warm every code path and the store's statement cache on a few keys, then measure the rest.
    const warm = keyIds.slice(0, 100)
    const measured = keyIds.slice(100)
    const load = async (ids: string[]) => {
      for (const id of ids) {
        const key = await cache.key(id)
        await cache.version(key.keyId, key.primaryVersionId as string)
      }
    }
    await load(warm)
    const before = used()
    await load(measured)
    const after = used()
    if (cache.stats().keys !== keyIds.length) throw new Error(`cache holds ${cache.stats().keys} of ${keyIds.length}`)
    process.stdout.write(`bytesPerEntry ${(after - before) / measured.length}\n`)
    cache.close()
    runtime.keyPool.close()
    await runtime.cryptoPool.close()
    await runtime.store.close()
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] === SELF) await main(Number(process.argv[2] ?? 20_000))
