import type protobuf from 'protobufjs'

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
const VARINT = 0
const I64 = 1
const LEN = 2
const I32 = 5

const utf8 = new TextDecoder('utf-8', { fatal: true })

const SCALAR_WIRE: Record<string, number> = {
  string: LEN,
  bytes: LEN,
  int32: VARINT,
  int64: VARINT,
  uint32: VARINT,
  uint64: VARINT,
  sint32: VARINT,
  sint64: VARINT,
  bool: VARINT,
  enum: VARINT,
  fixed32: I32,
  sfixed32: I32,
  float: I32,
  fixed64: I64,
  sfixed64: I64,
  double: I64,
}

class Cursor {
  pos = 0
  constructor(readonly buf: Buffer) {}

  /** Reads a base-128 varint of at most 10 bytes; returns it as a number (exact below 2^53). */
  varint(): number {
    let result = 0
    let scale = 1
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint')
      const b = this.buf[this.pos++] as number
      result += (b & 0x7f) * scale
      if ((b & 0x80) === 0) return result
      scale *= 128
    }
    throw new Error('varint longer than 10 bytes')
  }

  take(n: number): Buffer {
    if (n > this.buf.length - this.pos) throw new Error(`field length ${n} runs past the end of the message`)
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
}

/**
 * Walks the whole encoding of one message before it is decoded and throws on anything a strict proto3
 * parser (Go's, which the Alibaba server uses) would refuse: truncation, bad tags, groups, wire types that
 * contradict the schema, and strings that are not UTF-8. Unknown fields are skipped as proto3 requires.
 */
export function checkWireFormat(type: protobuf.Type, bytes: Buffer): void {
  const c = new Cursor(bytes)
  try {
    while (c.pos < bytes.length) {
      const tag = c.varint()
      const fieldNo = Math.floor(tag / 8)
      const wire = tag % 8
      if (fieldNo < 1 || fieldNo > 0x1fffffff) throw new Error(`invalid field number ${fieldNo}`)
      const field = type.fieldsById[fieldNo]
      if (field) {
        const expected = SCALAR_WIRE[field.type] ?? LEN
        const packed = field.repeated && expected !== LEN && wire === LEN
        if (wire !== expected && !packed) {
          throw new Error(`field ${field.name} (${fieldNo}) has wire type ${wire}, expected ${expected}`)
        }
      }
      switch (wire) {
        case VARINT:
          c.varint()
          break
        case I64:
          c.take(8)
          break
        case I32:
          c.take(4)
          break
        case LEN: {
          const value = c.take(c.varint())
          if (field?.type === 'string') utf8.decode(value)
          break
        }
        default:
          throw new Error(`unsupported wire type ${wire}`)
      }
    }
  } catch (e) {
    throw new Error(`malformed ${type.name}: ${(e as Error).message}`)
  }
}
