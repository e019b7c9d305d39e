export const systemClock = { now: () => Date.now() };
/** A clock tests can move by hand. */
export class ManualClock {
    t;
    constructor(t = Date.UTC(2026, 0, 1)) {
        this.t = t;
    }
    now() {
        return this.t;
    }
    set(t) {
        this.t = t;
    }
    advance(ms) {
        this.t += ms;
    }
}
