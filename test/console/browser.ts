/**
 * Browser-test support: the console bundle built (incrementally), and Debian's Chromium launched headless through
 * playwright-core with a fresh profile, nothing downloaded and no background traffic.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext } from 'playwright-core'

export const CHROMIUM = process.env.OPENKMS_CHROMIUM ?? '/usr/bin/chromium'
const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-console.mjs', import.meta.url))

/** Builds dist/console unless it is newer than its sources (scripts/build-console.mjs decides). */
export function ensureConsoleBuilt(): void {
  const r = spawnSync(process.execPath, [BUILD_SCRIPT], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error('the console build failed')
}

export interface Browser {
  context: BrowserContext
  downloads: string
  close(): Promise<void>
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`)
  const profile = mkdtempSync(join(tmpdir(), 'openkms-chromium-'))
  const downloads = mkdtempSync(join(tmpdir(), 'openkms-downloads-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
    downloadsPath: downloads,
  })
  return {
    context,
    downloads,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
      rmSync(downloads, { recursive: true, force: true })
    },
  }
}
