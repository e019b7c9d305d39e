/**
 * When automatic rotation happens (spec §4.5). Alibaba documents the interval but not how the schedule moves
 * when the policy changes or a rotation runs late; openkms's choices are in docs/behaviour.md ("Rotation").
 */
import { SECOND } from './time.js'

/**
 * NextRotationDate after UpdateRotationPolicy enables rotation with `intervalSeconds`. A period starts when
 * rotation is switched on (first rotation one full interval later); if rotation is already on, the current
 * period keeps its start (the last rotation, or when rotation was enabled) and only its length changes, so
 * re-sending the same policy changes nothing. A date already past is clamped to `now` (due at the next pass).
 */
export function nextRotationOnPolicy(
  key: { automaticRotation: string; rotationInterval: number | null; nextRotationDate: number | null },
  intervalSeconds: number,
  now: number,
): number {
  if (key.automaticRotation !== 'Enabled' || key.rotationInterval === null || key.nextRotationDate === null)
    return now + intervalSeconds * SECOND
  const periodStart = key.nextRotationDate - key.rotationInterval * SECOND
  return Math.max(now, periodStart + intervalSeconds * SECOND)
}

/**
 * What a rotation due at `due` and run at `now` records. On time (or late by less than one interval) it
 * counts as done at `due` and the next one keeps the cadence (`due + interval`). A key overdue by a whole
 * interval or more (e.g. it was Disabled for months) rotates once, now, and its schedule restarts from now.
 */
export function rotationStep(due: number, intervalSeconds: number, now: number): { rotatedAt: number; next: number } {
  const interval = intervalSeconds * SECOND
  if (due + interval > now) return { rotatedAt: due, next: due + interval }
  return { rotatedAt: now, next: now + interval }
}
