/** Starts and stops bench/baseline-server.ts as a child process, like the openkms server it is compared with. */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface BaselineProcess {
  host: string
  pid: number
  stop(): Promise<void>
}

const SCRIPT = fileURLToPath(new URL('./baseline-server.ts', import.meta.url))

/** Spawns the bare-HTTP server answering `bodyBytes`-byte JSON bodies; resolves once it listens. */
export async function startBaseline(bodyBytes: number): Promise<BaselineProcess> {
  // Its own process group, like the openkms server, so its CPU use can be read the same way.
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, String(bodyBytes)], { stdio: ['ignore', 'pipe', 'inherit'], detached: true })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('the baseline server did not start in 30 s')), 30_000)
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /listening (\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    child.once('exit', () => reject(new Error('the baseline server exited during start-up')))
  })
  return {
    host: `127.0.0.1:${port}`,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
