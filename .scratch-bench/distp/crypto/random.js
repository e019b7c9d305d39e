/** Randomness for key material and IVs, taken from the OS CSPRNG without blocking the event loop. */
import { randomBytes } from 'node:crypto';
/** `crypto.randomBytes` in its callback form runs in libuv's thread pool, so large requests never stall requests. */
export function randomBytesAsync(n) {
    return new Promise((resolve, reject) => {
        randomBytes(n, (err, buf) => (err ? reject(err) : resolve(buf)));
    });
}
