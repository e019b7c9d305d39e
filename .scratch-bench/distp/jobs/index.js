import { rotateKeys } from './rotate-keys.js';
import { destroyKeys } from './destroy-keys.js';
import { purgeSecrets } from './purge-secrets.js';
import { rotateSecrets } from './rotate-secrets.js';
export const JOBS = [rotateKeys, destroyKeys, purgeSecrets, rotateSecrets];
export { createScheduler } from './scheduler.js';
