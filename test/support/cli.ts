/** Runs the `openkms` command as users run it (`node bin/openkms.js …`), returning its exit code and output. */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const BIN = join(process.cwd(), 'bin/openkms.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export async function openkms(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 120_000, env: { ...process.env, OPENKMS_LOG_LEVEL: 'silent' } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }
  }
}
