/**
 * Wraps a maintenance command's action so that a refusal prints its message (not a stack trace) and the
 * process exits with status 1; operators read these messages, and scripts test the status.
 */
export function reportErrors<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args)
    } catch (err) {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
      process.exitCode = 1
    }
  }
}
