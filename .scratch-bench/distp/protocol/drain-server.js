const SWEEP_MS = 50;
/** Resolves once every connection of `server` is closed. */
export function drainServer(server) {
    return new Promise((resolve) => {
        const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
        server.close(() => {
            clearInterval(sweep);
            resolve();
        });
        server.closeIdleConnections();
    });
}
