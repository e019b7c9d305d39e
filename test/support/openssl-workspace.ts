/**
 * Test support: the `openssl` command line as the second implementation that checks our certificates and
 * PKCS#12 files. Unlike `withOpenssl` in ./openssl.ts (one synchronous callback), a workspace lives
 * across the async tests of a describe block, which share one expensive RSA key or CA.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface OpensslResult {
  status: number | null
  stdout: string
  stderr: string
}

export class OpensslWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'openkms-x509-'))

  /** Writes `content` to `name` in the workspace and returns its path. */
  write(name: string, content: string | Buffer): string {
    const path = join(this.dir, name)
    writeFileSync(path, content)
    return path
  }

  /** Runs openssl in the workspace; never throws on a non-zero exit so tests can assert failures. */
  run(...args: string[]): OpensslResult {
    const r = spawnSync('openssl', args, { cwd: this.dir, encoding: 'utf8', timeout: 20_000 })
    if (r.error) throw r.error
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  /** Runs openssl and returns stdout, throwing with stderr if it fails. */
  ok(...args: string[]): string {
    const r = this.run(...args)
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
    return r.stdout
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
