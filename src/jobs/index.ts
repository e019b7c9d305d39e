/** Every background job, in the order a pass runs them; a new job is one line here. */
import type { Job } from './scheduler.js'
import { rotateKeys } from './rotate-keys.js'
import { destroyKeys } from './destroy-keys.js'
import { purgeSecrets } from './purge-secrets.js'
import { rotateSecrets } from './rotate-secrets.js'
import { expireKeyMaterialJob } from './expire-key-material.js'

export const JOBS: readonly Job[] = [rotateKeys, destroyKeys, purgeSecrets, rotateSecrets, expireKeyMaterialJob]

export { createScheduler, type Job, type Scheduler } from './scheduler.js'
