/**
 * The web console's static files (built by `npm run build` into dist/console), served on the control plane under
 * one path (default `/console`). Only files present at start-up are served, from memory, so no request path ever
 * reaches the file system; every answer carries a strict Content-Security-Policy. The console itself is a client
 * of the public API: it signs its requests in the browser, and this module knows nothing about credentials.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { IncomingMessage, ServerResponse } from 'node:http'

export const DEFAULT_CONSOLE_PATH = '/console'

/** Scripts, styles, images and API calls from this origin only; no inline script, no framing, no plugins. */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html;charset=utf-8',
  '.js': 'text/javascript;charset=utf-8',
  '.css': 'text/css;charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json;charset=utf-8',
  '.txt': 'text/plain;charset=utf-8',
}

interface Asset {
  body: Buffer
  type: string
  /** Vite names bundled files after their content hash, so they never change under the same name. */
  immutable: boolean
}

export interface ConsoleAssets {
  /** The mount path, e.g. `/console` (no trailing slash). */
  readonly path: string
  /** Answers the request when it is for the console and returns true; false leaves it to the API. */
  serve(req: IncomingMessage, res: ServerResponse): boolean
}

/** A mount path is `/` followed by URL-safe segments, without a trailing slash; `/` itself belongs to the API. */
export function checkConsolePath(path: string): string {
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(path) || path.split('/').some((s) => s === '.' || s === '..'))
    throw new Error(`OPENKMS_CONSOLE_PATH: expected a path such as /console, got "${path}"`)
  return path
}

/** dist/console of this installation, found from this module whether it runs compiled (dist/) or from src/. */
export function defaultConsoleDir(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'console')
    const parent = join(dir, '..')
    if (parent === dir) return join(process.cwd(), 'dist', 'console')
    dir = parent
  }
}

function readAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>()
  if (!existsSync(join(dir, 'index.html'))) return assets
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const file = join(at, name)
      if (statSync(file).isDirectory()) walk(file)
      else if (Object.hasOwn(TYPES, extname(name))) {
        const rel = relative(dir, file).split(sep).join('/')
        assets.set(`/${rel}`, { body: readFileSync(file), type: TYPES[extname(name)] as string, immutable: rel.startsWith('assets/') })
      }
    }
  }
  walk(dir)
  return assets
}

export function consoleAssets(opts: { path?: string; dir?: string } = {}): ConsoleAssets {
  const path = checkConsolePath(opts.path ?? DEFAULT_CONSOLE_PATH)
  const assets = readAssets(opts.dir ?? defaultConsoleDir())
  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string, head: boolean) => {
    const payload = typeof body === 'string' ? Buffer.from(body) : body
    res.writeHead(status, { ...CONSOLE_HEADERS, ...headers, 'content-length': String(payload.length) })
    res.end(head ? undefined : payload)
  }
  return {
    path,
    serve(req, res) {
      const url = req.url ?? '/'
      // Every API call passes here first: one prefix test is all it costs them.
      if (!url.startsWith(path)) return false
      const pathname = url.split('?', 1)[0] as string
      if (pathname !== path && !pathname.startsWith(`${path}/`)) return false
      const head = req.method === 'HEAD'
      if (req.method !== 'GET' && !head) {
        send(res, 405, { allow: 'GET, HEAD', 'content-type': TYPES['.txt'] as string }, 'Method Not Allowed\n', head)
        return true
      }
      // The page loads its files relative to the mount path, so it must be addressed with the trailing slash.
      if (pathname === path) {
        send(res, 308, { location: `${path}/`, 'content-type': TYPES['.txt'] as string }, '', head)
        return true
      }
      if (assets.size === 0) {
        const text = 'The console is not built: run `npm run build` in the openkms directory, then restart.\n'
        send(res, 503, { 'content-type': TYPES['.txt'] as string, 'cache-control': 'no-store' }, text, head)
        return true
      }
      const rel = pathname.slice(path.length)
      const asset = assets.get(rel === '/' ? '/index.html' : rel)
      if (!asset) {
        send(res, 404, { 'content-type': TYPES['.txt'] as string }, 'Not Found\n', head)
        return true
      }
      const cache = asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache'
      send(res, 200, { 'content-type': asset.type, 'cache-control': cache }, asset.body, head)
      return true
    },
  }
}
