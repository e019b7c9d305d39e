/**
 * Runs the real `openkms serve` (bin/openkms.js) as a child process on 127.0.0.1 with a random port, as
 * production does: crash tests SIGKILL it, the benchmarks keep the load generator's CPU apart from it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Credentials } from './signed-request.js'

export const OPENKMS_BIN = fileURLToPath(new URL('../../bin/openkms.js', import.meta.url))

export interface ServerProcess {
  readonly child: ChildProcess
  readonly pid: number
  /** 'host:port' of the control plane. */
  readonly host: string
  /** 'host:port' of the instance API (HTTPS), when the server announced one. */
  readonly instanceHost?: string
  /** Milliseconds from spawn until the server printed its endpoint (it listens from then on). */
  readonly startupMs: number
  /** Resident set size now (bytes), from /proc; 0 once the process is gone. */
  rssBytes(): number
  /** CPU seconds (user + system) used so far by the server and its worker processes, from /proc. */
  cpuSeconds(): number
  /** Output collected so far (bounded), for failure messages. */
  output(): string
  /** SIGTERM and wait for the exit (graceful: in-flight requests finish, the store closes). */
  stop(): Promise<void>
  /** SIGKILL to the server and its worker processes at once, and wait: a crash, nothing gets to clean up. */
  kill(): Promise<void>
}

export interface SpawnOptions {
  dataDir: string
  credentials: Credentials
  /** Extra `serve` flags. */
  args?: string[]
  /** Worker processes (OPENKMS_WORKERS); the server's default (one per core) when absent, 1 = a single process. */
  workers?: number
  env?: Record<string, string>
  /** Give up waiting for the endpoint line after this long (default 60 s: the machine is shared). */
  timeoutMs?: number
  /** Node flags for the server process, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  nodeArgs?: string[]
  /**
   * The script to run: bin/openkms.js by default (the compiled dist/ that `npm test` builds first, or the
   * sources when OPENKMS_FROM_SOURCE=1), or a compiled `cli/main.js` elsewhere (the benchmarks).
   */
  entry?: string
}

const MAX_OUTPUT = 64 * 1024
const ENDPOINT_LINE = /endpoint:\s+https?:\/\/([^\s]+)/
const INSTANCE_LINE = /instance API:\s+https:\/\/([^\s]+)/

/** Starts `openkms serve --port 0` and resolves once it announced its endpoint. */
export async function spawnServer(opts: SpawnOptions): Promise<ServerProcess> {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      opts.entry ?? OPENKMS_BIN,
      'serve',
      '--data-dir',
      opts.dataDir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--instance-port',
      '0',
      ...(opts.args ?? []),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a crash can take the cluster's workers down in the same instant.
      detached: true,
      env: {
        ...process.env,
        OPENKMS_ACCESS_KEY_ID: opts.credentials.accessKeyId,
        OPENKMS_ACCESS_KEY_SECRET: opts.credentials.accessKeySecret,
        OPENKMS_LOG_LEVEL: process.env.OPENKMS_TEST_LOG ?? 'warn',
        ...(opts.workers === undefined ? {} : { OPENKMS_WORKERS: String(opts.workers) }),
        ...opts.env,
      },
    },
  )
  let out = ''
  const collect = (c: Buffer) => {
    out = (out + c.toString('utf8')).slice(-MAX_OUTPUT)
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const host = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), 'SIGKILL')
      reject(new Error(`openkms did not start within ${opts.timeoutMs ?? 60_000} ms:\n${out}`))
    }, opts.timeoutMs ?? 60_000)
    const onData = () => {
      const m = ENDPOINT_LINE.exec(out)
      if (m) {
        clearTimeout(timer)
        child.stdout!.off('data', onData)
        resolve(m[1] as string)
      }
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`openkms exited during start-up (code ${code}, signal ${signal}):\n${out}`))
    })
  })
  const startupMs = performance.now() - started
  const pid = child.pid as number
  const instanceHost = INSTANCE_LINE.exec(out)?.[1]
  const end = async (signal: NodeJS.Signals, group: boolean) => {
    if (child.exitCode === null && child.signalCode === null) {
      if (group) process.kill(-pid, signal)
      else child.kill(signal)
    }
    await exited
  }
  return {
    child,
    pid,
    host,
    instanceHost,
    startupMs,
    rssBytes: () => rssOf(pid),
    cpuSeconds: () => groupCpuSeconds(pid),
    output: () => out,
    stop: () => end('SIGTERM', false),
    kill: () => end('SIGKILL', true),
  }
}

/** VmRSS of a process in bytes (Linux /proc), 0 when it cannot be read. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** Linux clock ticks per second (USER_HZ), 100 on every mainstream kernel configuration. */
const USER_HZ = 100

/** User + system CPU seconds of every live process in process group `pgid` (Linux /proc). */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    // Fields after the parenthesised command name: state ppid pgrp … utime(14) stime(15), counted from 1.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12])
  }
  return ticks / USER_HZ
}
