/**
 * Test support: the `openssl` command line (3.0) as the second implementation that checks what openkms produces.
 * Files go to a fresh directory under os.tmpdir() that is removed afterwards.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface OpensslDir {
  /** Writes a file in the directory and returns its path. */
  put(name: string, data: Buffer | string): string
  read(name: string): Buffer
  path(name: string): string
  /** Runs openssl; returns its exit status and output instead of throwing. */
  run(args: string[]): { ok: boolean; stdout: string; stderr: string }
}

export function withOpenssl<T>(fn: (dir: OpensslDir) => T): T {
  const root = mkdtempSync(join(tmpdir(), 'openkms-openssl-'))
  const dir: OpensslDir = {
    put: (name, data) => {
      writeFileSync(join(root, name), data)
      return join(root, name)
    },
    read: (name) => readFileSync(join(root, name)),
    path: (name) => join(root, name),
    run: (args) => {
      try {
        const stdout = execFileSync('openssl', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 })
        return { ok: true, stdout: stdout.toString(), stderr: '' }
      } catch (e) {
        const err = e as { stdout?: Buffer; stderr?: Buffer }
        return { ok: false, stdout: String(err.stdout ?? ''), stderr: String(err.stderr ?? '') }
      }
    },
  }
  try {
    return fn(dir)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/** PEM "PRIVATE KEY" of PKCS#8 DER, so openssl can use openkms key material. */
export function privateKeyPem(pkcs8: Buffer): string {
  const lines = pkcs8.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`
}

/** Flips one bit of a copy. */
export function flipBit(b: Buffer, index = 0, bit = 0): Buffer {
  const c = Buffer.from(b)
  c[index] ^= 1 << bit
  return c
}
