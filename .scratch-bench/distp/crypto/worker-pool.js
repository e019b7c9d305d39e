/**
 * A small worker_threads pool so CPU-heavy private-key operations (≈1–5 ms each) never block the event loop.
 * - Lazy: the first task starts a worker; while tasks queue up, one more starts at a time, up to `size`.
 * - Unref'd while idle: an idle pool never keeps the process alive; a worker that owes an answer does.
 * - Falls back to running tasks inline (synchronously) where workers cannot start, e.g. when the worker script
 *   cannot be loaded; tasks still queued then run inline, none is lost.
 * - Runs from TypeScript sources too: on Node 20 tsx registers its loader on the main thread only, so a worker
 *   whose script is a .ts file registers tsx itself before importing the script.
 */
import { availableParallelism, cpus } from 'node:os';
import { Worker, parentPort } from 'node:worker_threads';
/** Tasks handed to one worker at a time: two hide the message round trip without starving other workers. */
const PIPELINE_DEPTH = 2;
/** CommonJS bootstrap evaluated in each worker: optional loader first, then the ES module script. */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads')
const ready = workerData.loader ? import(workerData.loader).then((m) => m.register()) : Promise.resolve()
ready.then(() => import(workerData.script))`;
/** tsx's ESM API when the worker script is TypeScript and tsx is installed; otherwise none. */
function loaderFor(script) {
    if (!/\.[cm]?ts$/.test(script.pathname))
        return undefined;
    try {
        return import.meta.resolve('tsx/esm/api');
    }
    catch {
        return undefined;
    }
}
/** One worker per core the process may use. */
export function defaultPoolSize() {
    return Math.max(1, typeof availableParallelism === 'function' ? availableParallelism() : cpus().length);
}
function reviveDefault(e) {
    const err = new Error(e.message);
    err.name = e.name;
    return err;
}
/** Tasks wait in one queue; each ready worker takes the next one as soon as it has room. */
export class WorkerPool {
    size;
    #slots = [];
    #queue = [];
    #inline;
    #nextId = 1;
    #opts;
    constructor(opts) {
        this.#opts = opts;
        this.size = Math.max(1, opts.size ?? defaultPoolSize());
        this.#inline = opts.inline === true;
    }
    /** 'inline' once workers proved unavailable (or were disabled). */
    get mode() {
        return this.#inline ? 'inline' : 'workers';
    }
    /** Number of workers started (ready or starting). */
    get workerCount() {
        return this.#slots.length;
    }
    /** Runs one task. Task objects are structured-cloned: pass compact copies of byte arrays. */
    run(task) {
        if (this.#inline)
            return this.#runInline(task);
        return new Promise((resolve, reject) => {
            this.#queue.push({ id: this.#nextId++, task, resolve, reject });
            this.#pump();
        });
    }
    /** Starts the first worker ahead of traffic, so the first request does not pay its start-up time. */
    warmUp() {
        if (!this.#inline && this.#slots.length === 0)
            this.#spawn();
    }
    /** Stops every worker; queued and running tasks are rejected. */
    async close() {
        const slots = this.#slots;
        const queued = this.#queue;
        this.#slots = [];
        this.#queue = [];
        const closed = new Error('crypto worker pool closed');
        for (const p of queued)
            p.reject(closed);
        await Promise.all(slots.map(async (slot) => {
            for (const p of slot.inflight.values())
                p.reject(closed);
            slot.inflight.clear();
            await slot.worker.terminate();
        }));
    }
    #runInline(task) {
        return new Promise((resolve) => resolve(this.#opts.run(task)));
    }
    #pump() {
        if (this.#inline) {
            const queued = this.#queue;
            this.#queue = [];
            for (const p of queued)
                this.#runInline(p.task).then(p.resolve, p.reject);
            return;
        }
        for (const slot of this.#slots) {
            while (slot.ready && slot.inflight.size < PIPELINE_DEPTH && this.#queue.length > 0) {
                const p = this.#queue.shift();
                slot.inflight.set(p.id, p);
                slot.worker.postMessage({ id: p.id, task: p.task });
            }
        }
        const starting = this.#slots.some((s) => !s.ready);
        if (this.#queue.length > 0 && !starting && this.#slots.length < this.size)
            this.#spawn();
        this.#updateRefs();
    }
    /** A worker holds the process open only while it owes an answer (or is starting for queued tasks). */
    #updateRefs() {
        for (const slot of this.#slots) {
            if (slot.inflight.size > 0 || (!slot.ready && this.#queue.length > 0))
                slot.worker.ref();
            else
                slot.worker.unref();
        }
    }
    #spawn() {
        let worker;
        try {
            const script = this.#opts.script;
            worker = new Worker(BOOTSTRAP, { eval: true, workerData: { script: script.href, loader: loaderFor(script) } });
        }
        catch {
            this.#inline = true;
            this.#pump();
            return;
        }
        const slot = { worker, ready: false, inflight: new Map() };
        this.#slots.push(slot);
        worker.on('message', (msg) => this.#onMessage(slot, msg));
        worker.on('error', (err) => this.#retire(slot, err));
        worker.on('exit', (code) => this.#retire(slot, new Error(`crypto worker exited with code ${code}`)));
        this.#updateRefs();
    }
    #onMessage(slot, msg) {
        if ('type' in msg) {
            slot.ready = true;
        }
        else {
            const p = slot.inflight.get(msg.id);
            if (p) {
                slot.inflight.delete(msg.id);
                if (msg.ok)
                    p.resolve(msg.value);
                else
                    p.reject((this.#opts.reviveError ?? reviveDefault)(msg.error));
            }
        }
        this.#pump();
    }
    /**
     * A worker that dies before it is ready means workers cannot run here: switch to inline, and the queued tasks
     * run inline. A worker that dies later fails only the tasks it held; the next task starts a replacement.
     */
    #retire(slot, err) {
        const i = this.#slots.indexOf(slot);
        if (i < 0)
            return;
        this.#slots.splice(i, 1);
        for (const p of slot.inflight.values())
            p.reject(err);
        slot.inflight.clear();
        if (!slot.ready)
            this.#inline = true;
        void slot.worker.terminate();
        this.#pump();
    }
}
function serializeError(e) {
    if (e instanceof Error) {
        const reason = e.reason;
        return { name: e.name, message: e.message, ...(typeof reason === 'string' ? { reason } : {}) };
    }
    return { name: 'Error', message: String(e) };
}
/** The worker side: answers `{ id, task }` messages with `run(task)`, then announces it is ready. */
export function serveWorkerTasks(run) {
    const port = parentPort;
    if (!port)
        throw new Error('serveWorkerTasks must run inside a worker thread');
    port.on('message', ({ id, task }) => {
        try {
            const value = run(task);
            if (value instanceof Uint8Array) {
                const copy = new Uint8Array(value);
                port.postMessage({ id, ok: true, value: copy }, [copy.buffer]);
            }
            else {
                port.postMessage({ id, ok: true, value });
            }
        }
        catch (e) {
            port.postMessage({ id, ok: false, error: serializeError(e) });
        }
    });
    port.postMessage({ type: 'ready' });
}
