/** A client-key password meeting CreateClientKey's policy: 24 characters with letters, digits and specials. */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const DIGITS = '0123456789'
const SPECIALS = '~!@#$%^&*?_-'

/** Uniform index below n from WebCrypto (rejection sampling, no modulo bias). */
function randomBelow(n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n
  const buf = new Uint32Array(1)
  for (;;) {
    crypto.getRandomValues(buf)
    if ((buf[0] as number) < limit) return (buf[0] as number) % n
  }
}

export function generatePassword(length = 24): string {
  const all = LETTERS + DIGITS + SPECIALS
  const pick = (set: string) => set[randomBelow(set.length)] as string
  const chars = [pick(LETTERS), pick(DIGITS), pick(SPECIALS)]
  while (chars.length < length) chars.push(pick(all))
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1)
    ;[chars[i], chars[j]] = [chars[j] as string, chars[i] as string]
  }
  return chars.join('')
}
