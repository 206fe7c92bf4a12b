// "Today" for the dated tables (Kubernetes support calendar): the UTC date of the clock, unless
// PLATFORM_TODAY (YYYY-MM-DD) says otherwise, so that tests and what-if previews pin the day a
// version's support ends instead of depending on when they run.

export const TODAY_VARIABLE = "PLATFORM_TODAY";

export function todayUtc(environment: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
    const pinned = environment[TODAY_VARIABLE];
    if (pinned !== undefined && pinned !== "") {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(pinned) || Number.isNaN(Date.parse(`${pinned}T00:00:00Z`))) {
            throw new Error(`${TODAY_VARIABLE}=${pinned} is not a date (YYYY-MM-DD)`);
        }
        return pinned;
    }
    return now.toISOString().slice(0, 10);
}

// The instant a run declares for, where the sleep schedule decides whether dev is parked right now
// (stacks/platform.ts): the clock, unless PLATFORM_NOW (an ISO 8601 instant) pins it, as tests do.
export const NOW_VARIABLE = "PLATFORM_NOW";

export function nowInstant(environment: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Date {
    const pinned = environment[NOW_VARIABLE];
    if (pinned !== undefined && pinned !== "") {
        const parsed = new Date(pinned);
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(pinned) || Number.isNaN(parsed.getTime())) {
            throw new Error(`${NOW_VARIABLE}=${pinned} is not an ISO 8601 instant (2026-11-23T03:00:00Z)`);
        }
        return parsed;
    }
    return now;
}
