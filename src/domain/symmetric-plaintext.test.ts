import assert from 'node:assert/strict'
import { it } from 'node:test'
import { MAX_PLAINTEXT_BYTES, plaintextBytes, plaintextText, rawFromSealedText, sealedTextOf } from './symmetric-plaintext.js'

it('Encrypt seals the Plaintext string as given, within 8192 UTF-8 bytes', () => {
  assert.deepEqual(plaintextBytes('aGVsbG8='), Buffer.from('aGVsbG8='))
  assert.deepEqual(plaintextBytes('密'), Buffer.from([0xe5, 0xaf, 0x86]))
  assert.equal(plaintextBytes('x'.repeat(MAX_PLAINTEXT_BYTES)).length, 8192)
  assert.throws(() => plaintextBytes('密'.repeat(2731)), { code: 'InvalidParameter', message: /"Plaintext"/ })
})

it('Decrypt returns UTF-8 text as is, and foreign binary content base64-encoded', () => {
  assert.equal(plaintextText(Buffer.from('plaintext')), 'plaintext')
  assert.equal(plaintextText(Buffer.from('näive 🔑')), 'näive 🔑')
  assert.equal(plaintextText(Buffer.from([0xff, 0x00, 0x80])), '/wCA')
  assert.equal(plaintextText(Buffer.alloc(0)), '')
})

it('data keys are sealed as base64 text and read back only from strict base64', () => {
  const key = Buffer.from('00112233445566778899aabbccddeeff', 'hex')
  const sealed = sealedTextOf(key)
  assert.equal(sealed.toString(), key.toString('base64'))
  assert.deepEqual(rawFromSealedText(sealed), key)
  for (const bad of ['', 'plaintext', 'AAA', 'AA==\n', 'A===']) assert.equal(rawFromSealedText(Buffer.from(bad)), undefined, bad)
})
