/** Entry module of the crypto worker threads started by worker-pool.ts on behalf of asymmetric.ts. */
import { runCryptoTask } from './crypto-task.js';
import { serveWorkerTasks } from './worker-pool.js';
serveWorkerTasks(runCryptoTask);
