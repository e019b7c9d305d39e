/** Randomness for key material and IVs, taken from the OS CSPRNG without blocking the event loop. */
import { randomBytes } from 'node:crypto'

/** `crypto.randomBytes` in its callback form runs in libuv's thread pool, so large requests never stall requests. */
export function randomBytesAsync(n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    randomBytes(n, (err, buf) => (err ? reject(err) : resolve(buf)))
  })
}

/** Bytes drawn from the CSPRNG at once for small values; each draw is one OpenSSL call, whatever its size. */
const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let offset = 0

/**
 * `n` (≤ 256) fresh random bytes for per-message values such as GCM IVs, served from a pool refilled from
 * the CSPRNG 4 KiB at a time (Node's own randomUUID does the same): one RAND_bytes call per ~340 IVs instead
 * of one per IV. Every byte is handed out once; a refill allocates a new pool, so earlier views stay intact.
 */
export function randomSmall(n: number): Buffer {
  if (n > 256) return randomBytes(n)
  if (offset + n > pool.length) {
    pool = randomBytes(POOL_BYTES)
    offset = 0
  }
  const out = pool.subarray(offset, offset + n)
  offset += n
  return out
}
