import { initRuntime } from '../../app.js';
import { configFromFlags, withStoreOptions } from '../options.js';
import { applySeed, readSeedFile } from '../../services/seed.js';
export function registerSeed(program) {
    withStoreOptions(program.command('seed <file>').description('apply a seed file (keys, aliases, tags, secrets, AccessKeys); idempotent')).action(async (file, flags) => {
        const { runtime } = await initRuntime(configFromFlags(flags));
        try {
            const report = await applySeed(runtime, readSeedFile(file));
            for (const line of report.created)
                process.stdout.write(`created  ${line}\n`);
            for (const line of report.existing)
                process.stdout.write(`exists   ${line}\n`);
        }
        finally {
            await runtime.store.close();
        }
    });
}
