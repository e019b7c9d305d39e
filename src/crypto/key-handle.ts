/**
 * Stable handles for private-key material, so a worker thread can keep the parsed key and later tasks name it
 * instead of carrying the material again (worker-pool.ts "resident parts").
 * - Keyed with a random per-process secret: a handle says nothing about the key outside this process, and equal
 *   material in two processes gets unrelated handles.
 * - Memoised per Buffer: the key cache hands out the same Buffer for every request on a version, so the MAC
 *   runs once per version. Material Buffers are never modified while in use (they are wiped only once dropped).
 */
import { createHmac, randomBytes } from 'node:crypto'

const secret = randomBytes(32)
const memo = new WeakMap<Buffer, string>()

/** A 256-bit handle naming `material` within this process. */
export function keyHandle(material: Buffer): string {
  let handle = memo.get(material)
  if (handle === undefined) {
    handle = createHmac('sha256', secret).update(material).digest('base64url')
    memo.set(material, handle)
  }
  return handle
}
