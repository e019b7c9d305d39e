/**
 * Hostile clients of the transport, on raw sockets (what an attacker sends, not what an HTTP library would):
 * forged requests with huge parameter counts, header floods that stall, bodies that stall or never end, and
 * slowloris drips. The transport-limit tests run them at a small size; `test/fuzz/transport-attacks.ts`
 * runs them larger and measures valid throughput and RSS under each. Loopback only.
 */
import { connect, type Socket } from 'node:net'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: Buffer
  /** Milliseconds from the first byte sent to the end of the answer. */
  ms: number
}

/** Parses one HTTP/1.1 answer off a socket (content-length framed, as every openkms answer is). */
export function readAnswer(socket: Socket, timeoutMs = 15_000): Promise<RawAnswer> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0)
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c])
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n')
      const headers: Record<string, string> = {}
      for (const l of lines) {
        const i = l.indexOf(':')
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
      }
      const length = Number(headers['content-length'] ?? 0)
      if (buf.length < end + 4 + length) return
      done(undefined, { status: Number(statusLine!.split(' ')[1]), headers, body: buf.subarray(end + 4, end + 4 + length), ms: performance.now() - started })
    }
    const onClose = () => done(new Error(`connection closed before an answer (${buf.length} bytes read)`))
    const onError = () => {}
    const done = (err?: Error, answer?: RawAnswer) => {
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('close', onClose)
      socket.off('error', onError)
      if (err) reject(err)
      else resolve(answer!)
    }
    socket.on('data', onData)
    socket.on('close', onClose)
    socket.on('error', onError)
  })
}

export function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s))
    s.once('error', reject)
  })
}

/** Resolves when the server closes the socket; rejects after `timeoutMs`. */
export function closedBy(socket: Socket, timeoutMs: number): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve(0)
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs)
    socket.on('error', () => {})
    socket.once('close', () => {
      clearTimeout(timer)
      resolve(performance.now() - started)
    })
    socket.resume()
  })
}

/** A forged (unsigned) form POST with `n` parameters: `p0=1&p1=1&…`. */
export function manyParamsRequest(n: number, host: string): Buffer {
  const body = Array.from({ length: n }, (_, i) => `p${i}=1`).join('&')
  return Buffer.from(
    `POST / HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

/** The head of a request whose headers go on for `bytes` and then stall (never the blank line). */
export function hugeHeaderHead(bytes: number, host: string): Buffer {
  return Buffer.from(`POST / HTTP/1.1\r\nhost: ${host}\r\nx-filler: ${'a'.repeat(bytes)}\r\n`)
}

/** Request head announcing a chunked body. */
export function chunkedHead(host: string): Buffer {
  return Buffer.from(`POST / HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/x-www-form-urlencoded\r\ntransfer-encoding: chunked\r\n\r\n`)
}

export function chunk(bytes: number): Buffer {
  return Buffer.concat([Buffer.from(`${bytes.toString(16)}\r\n`), Buffer.alloc(bytes, 0x61), Buffer.from('\r\n')])
}

/**
 * Sends an endless chunked body (at full speed, or one chunk per `pauseMs`) until the server answers or closes; resolves with the answer
 * (or undefined when the connection closed first) and the bytes sent.
 */
export async function endlessChunked(port: number, host: string, chunkBytes = 16 * 1024, pauseMs = 0): Promise<{ answer?: RawAnswer; sent: number }> {
  const s = await open(port)
  let sent = 0
  let stop = false
  const answer = readAnswer(s, 30_000).catch(() => undefined)
  s.write(chunkedHead(host))
  const piece = chunk(chunkBytes)
  void (async () => {
    while (!stop && !s.destroyed) {
      sent += piece.length
      if (!s.write(piece)) await new Promise((r) => s.once('drain', r).once('close', r))
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs))
    }
  })()
  const a = await answer
  stop = true
  s.destroy()
  return { answer: a, sent }
}

/**
 * Loops forged many-parameter requests on `connections` keep-alive sockets until `stop()`; counts answers.
 * Each answer is awaited before the next request on the same socket.
 */
export function paramFlood(port: number, host: string, n: number, connections: number): { stop(): Promise<number> } {
  const request = manyParamsRequest(n, host)
  let running = true
  let answered = 0
  const loops = Array.from({ length: connections }, async () => {
    while (running) {
      const s = await open(port).catch(() => undefined)
      if (!s) continue
      try {
        while (running && !s.destroyed) {
          s.write(request)
          await readAnswer(s)
          answered++
        }
      } catch {
        // the server closed it (it refuses with connection: close): open another
      } finally {
        s.destroy()
      }
    }
  })
  return {
    async stop() {
      running = false
      await Promise.all(loops)
      return answered
    },
  }
}
