/**
 * Browser-test support: the console bundle built (incrementally), and Debian's Chromium launched headless through
 * playwright-core with a fresh profile, nothing downloaded and no background traffic.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'

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

/** Where to save screenshots of the main pages (docs/console), when set. */
export const SHOTS = process.env.OPENKMS_CONSOLE_SCREENSHOTS

export async function screenshot(page: Page, name: string, fromTop = true): Promise<void> {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  if (fromTop) await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: join(SHOTS, `${name}.png`) })
}

/** Opens a console page afresh (its forms closed), keeping the signed-in state of the document. */
export async function openPage(page: Page, hash: string): Promise<void> {
  await page.evaluate(() => (location.hash = '#/-'))
  await page.getByText('Unknown page.').waitFor()
  await page.evaluate((h) => (location.hash = h), hash)
  await page.getByRole('heading', { level: 1 }).first().waitFor()
}

/** A form generated from the registry, named after its submit button. */
export function generatedForm(page: Page, name: string): Locator {
  return page.getByRole('form', { name, exact: true })
}

/** The field of parameter `param` in a generated form (labelled with the parameter's name). */
export function field(form: Locator, param: string): Locator {
  return form.getByLabel(new RegExp(`^${param}( \\(required\\))?$`))
}

/**
 * What keeps a page from being usable by keyboard, screen reader or on a 1366×768 screen: unlabelled form
 * controls, unnamed buttons or links, no level-one heading, content wider than the window. `fields` counts the
 * controls looked at.
 */
export function auditPage(page: Page): Promise<{ problems: string[]; fields: number }> {
  return page.evaluate(() => {
    const problems: string[] = []
    const controls = document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')
    for (const el of controls) {
      const named = (el.labels?.length ?? 0) > 0 || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
      if (!named) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.id || el.name}`)
    }
    for (const b of document.querySelectorAll('button, a[href]'))
      if (!(b.textContent ?? '').trim() && !b.getAttribute('aria-label')) problems.push(`unnamed ${b.tagName}`)
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`wider than the window: ${document.documentElement.scrollWidth}px`)
    if (!document.querySelector('main h1')) problems.push('no h1')
    return { problems, fields: controls.length }
  })
}
