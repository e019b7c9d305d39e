/**
 * The targets of this round (bench/README.md "Targets"), judged from the ratios of one run. A target
 * whose figure could not be measured on this build has `met` undefined and a note saying why.
 */
import type { BenchResults, ScenarioResult, TargetResult } from './results.js'

type Measured = Omit<BenchResults, 'targets' | 'finishedAt'>

function scenario(r: Measured, id: string): ScenarioResult | undefined {
  return r.scenarios.find((s) => s.id === id && s.status === 'measured')
}

function target(
  id: string,
  description: string,
  threshold: string,
  figure: number | undefined,
  pass: (f: number) => boolean,
  missing: string,
  context?: string,
): TargetResult {
  if (figure === undefined || !Number.isFinite(figure)) return { id, description, threshold, met: undefined, note: missing }
  return { id, description, threshold, figure, met: pass(figure), ...(context ? { note: context } : {}) }
}

/** Against the one-process server measured alternately with the workers; runs before that had no pair. */
function workerRatio(workers: ScenarioResult | undefined, encrypt: ScenarioResult | undefined): number | undefined {
  const single = workers?.pairedSingle ?? encrypt?.figures
  return workers?.figures && single ? workers.figures.rps / single.rps : undefined
}

export function evaluateTargets(r: Measured): TargetResult[] {
  const encrypt = scenario(r, 'encrypt-v1')
  const rsa = scenario(r, 'sign-rsa-2048')
  const workers = scenario(r, 'encrypt-workers')
  const mk = r.manyKeys
  return [
    target('encrypt-vs-http', 'Encrypt (V1, one process) ÷ bare-HTTP baseline, requests/s', '≥ 0.5', encrypt?.ratioToBaseline, (f) => f >= 0.5, 'Encrypt not measured'),
    target(
      'rsa-sign-vs-raw',
      'AsymmetricSign RSA_2048 ÷ raw node:crypto RSA-2048 PSS signing on all cores',
      '≥ 0.7',
      rsa?.ceiling?.ratio,
      (f) => f >= 0.7,
      'AsymmetricSign RSA_2048 not measured',
    ),
    target(
      'many-keys-describe',
      `DescribeKey p50 latency, ${mk?.many.keys ?? 'N'} keys ÷ ${mk?.few.keys ?? 100} keys`,
      '≤ 1.5',
      mk?.describeKeyRatio,
      (f) => f <= 1.5,
      'many-keys scenario not run',
    ),
    target(
      'many-keys-encrypt',
      `Encrypt p50 latency, ${mk?.many.keys ?? 'N'} keys ÷ ${mk?.few.keys ?? 100} keys`,
      '≤ 1.5',
      mk?.encryptRatio,
      (f) => f <= 1.5,
      mk ? 'Encrypt not registered' : 'many-keys scenario not run',
    ),
    target('many-keys-startup', `server start-up on ${mk?.many.keys ?? 'N'} keys, seconds`, '< 2', mk ? mk.many.startupMs / 1000 : undefined, (f) => f < 2, 'many-keys scenario not run'),
    target('many-keys-rss', `server RSS after the load on ${mk?.many.keys ?? 'N'} keys, MiB`, '< 300', mk?.many.rssMiB, (f) => f < 300, 'many-keys scenario not run'),
    target(
      'workers-vs-single',
      'Encrypt with --workers ÷ Encrypt in one process, requests/s',
      '≥ 1.5',
      workerRatio(workers, encrypt),
      (f) => f >= 1.5,
      r.scenarios.find((s) => s.id === 'encrypt-workers')?.note ?? 'not measured',
      workers?.attainableRatio !== undefined
        ? `at most ${workers.attainableRatio.toFixed(2)}× is attainable on this machine: the load generator shares its ${r.machine.cpus} cores`
        : undefined,
    ),
  ]
}
