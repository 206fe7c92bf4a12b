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
