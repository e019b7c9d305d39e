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

const CPU_TARGETS: Array<[string, string, number]> = [
  ['encrypt-v1', 'Encrypt (V1)', 2.5],
  ['encrypt-v3', 'Encrypt (V3)', 2.5],
  ['decrypt', 'Decrypt', 2.5],
  ['generate-data-key', 'GenerateDataKey', 2.5],
  ['describe-key', 'DescribeKey', 2.5],
  ['instance-encrypt', 'instance-API Encrypt', 3],
]

export function evaluateTargets(r: Measured): TargetResult[] {
  const rsa = scenario(r, 'sign-rsa-2048')
  const encrypt = scenario(r, 'encrypt-v1')
  const workers = scenario(r, 'encrypt-workers')
  const mk = r.manyKeys
  const workersContext =
    workers?.attainableRatio !== undefined
      ? `the load generator shares the ${r.machine.cpus} cores: from the CPU per request of server and generator, at most ${workers.attainableRatio.toFixed(2)}× is attainable here`
      : undefined
  return [
    ...CPU_TARGETS.map(([id, name, limit]) =>
      target(
        `${id}-cpu`,
        `${name}: server CPU per request ÷ bare node:http${limit < 3 ? ' (moonshot 1.5×)' : ''}`,
        `≤ ${limit}`,
        scenario(r, id)?.cpuRatioToBaseline,
        (f) => f <= limit,
        `${name} not measured`,
      ),
    ),
    target(
      'rsa-sign-cpu-vs-raw',
      'AsymmetricSign RSA_2048: server CPU per request ÷ one raw node:crypto RSA-2048 PSS signature (one thread)',
      '≤ 1.25',
      rsa?.raw?.ratio,
      (f) => f <= 1.25,
      'AsymmetricSign RSA_2048 not measured',
    ),
    target(
      'rsa-sign-vs-all-core',
      'AsymmetricSign RSA_2048 req/s ÷ raw node:crypto RSA-2048 PSS signing rate on all cores',
      '≥ 0.9',
      rsa?.ceiling?.ratio,
      (f) => f >= 0.9,
      'AsymmetricSign RSA_2048 not measured',
      `the load generator and the request path share the ${r.machine.cpus} cores the all-core rate uses alone`,
    ),
    target(
      'workers-vs-single',
      'Encrypt req/s with --workers ÷ one process (when the generator is not the limit)',
      '≥ 1.7',
      workerRatio(workers, encrypt),
      (f) => f >= 1.7,
      r.scenarios.find((s) => s.id === 'encrypt-workers')?.note ?? 'not measured',
      workersContext,
    ),
    target(
      'many-keys-encrypt',
      `Encrypt p50 latency, ${mk?.many.keys ?? 'N'} keys ÷ ${mk?.few.keys ?? 100} keys`,
      '≤ 1.5',
      mk?.encryptRatio,
      (f) => f <= 1.5,
      mk ? 'Encrypt not registered' : 'many-keys scenario not run',
    ),
    target(
      'many-keys-describe',
      `DescribeKey p50 latency, ${mk?.many.keys ?? 'N'} keys ÷ ${mk?.few.keys ?? 100} keys`,
      '≤ 1.5',
      mk?.describeKeyRatio,
      (f) => f <= 1.5,
      'many-keys scenario not run',
    ),
    target('many-keys-startup', `server start-up on ${mk?.many.keys ?? 'N'} keys, seconds`, '< 2', mk ? mk.many.startupMs / 1000 : undefined, (f) => f < 2, 'many-keys scenario not run'),
    target('many-keys-rss', `server RSS after the load on ${mk?.many.keys ?? 'N'} keys, MiB`, '< 300', mk?.many.rssMiB, (f) => f < 300, 'many-keys scenario not run'),
  ]
}
