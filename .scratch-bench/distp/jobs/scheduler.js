export function createScheduler(rt, opts) {
    const jobs = [];
    let tail = Promise.resolve();
    let timer;
    let stopped = false;
    async function pass(now) {
        const results = {};
        for (const job of jobs) {
            try {
                results[job.name] = await job.run(rt, now);
            }
            catch (err) {
                rt.log.error({ err, job: job.name }, 'background job failed');
                results[job.name] = { error: err instanceof Error ? err.message : String(err) };
            }
        }
        return results;
    }
    function runDue(now) {
        if (stopped)
            return Promise.reject(new Error('the scheduler is stopped'));
        const next = tail.then(() => pass(now ?? rt.clock.now()));
        tail = next.catch(() => undefined);
        return next;
    }
    function arm() {
        if (stopped || opts.periodMs <= 0)
            return;
        timer = setTimeout(() => {
            timer = undefined;
            void runDue().finally(arm);
        }, opts.periodMs);
        timer.unref();
    }
    return {
        register: (job) => void jobs.push(job),
        runDue,
        start() {
            if (!timer)
                arm();
        },
        async stop() {
            stopped = true;
            if (timer)
                clearTimeout(timer);
            timer = undefined;
            await tail;
        },
    };
}
