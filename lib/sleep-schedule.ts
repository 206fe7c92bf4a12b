// An environment that sleeps out of hours: the validated schedule, the expressions AWS's two
// schedulers take for it, and where a given instant falls. Pure: no Pulumi, no clock of its own.
//
// Application Auto Scaling takes `cron(Minutes Hours Day-of-month Month Day-of-week Year)` with `?`
// in one of the two day fields (Application Auto Scaling user guide, "Schedule recurring scaling
// actions using cron expressions"); EC2 Auto Scaling's `Recurrence` is the five-field Unix cron,
// days of the week 0-6 from Sunday (EC2 Auto Scaling API reference, PutScheduledUpdateGroupAction).
// Both read the expression in the action's own time zone (`Timezone` / `TimeZone`, an IANA name).

/** Days of the week in Application Auto Scaling's names, in Unix cron's order (0 = SUN). */
export const WEEK_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export const DEFAULT_SLEEP_TIMEZONE = "Asia/Tokyo";

/** Time zones as AWS's schedulers name them: an IANA Area/Location (or Etc/...) name, or UTC. */
const IANA_AREA =
    /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)?$/;
const CLOCK_TIME = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

export interface ClockTime {
    readonly hour: number;
    readonly minute: number;
}

export interface SleepSchedule {
    readonly timezone: string;
    readonly wake: ClockTime;
    readonly sleep: ClockTime;
    /** The working days, in week order from Sunday; every other day is slept through. */
    readonly days: readonly WeekDay[];
}

/** Whether AWS's schedulers take `zone`: a zone the runtime knows, by its Area/Location name (not a legacy alias such as Japan or EST). */
export function isSchedulerTimeZone(zone: string): boolean {
    if (zone !== "UTC" && !IANA_AREA.test(zone)) return false;
    try {
        new Intl.DateTimeFormat("en-US", { timeZone: zone });
        return true;
    } catch {
        return false;
    }
}

/** "08:00" -> {hour: 8, minute: 0}; undefined when not a 24-hour HH:MM. */
export function parseClockTime(text: string): ClockTime | undefined {
    const m = CLOCK_TIME.exec(text);
    return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
}

/** "MON-FRI", "MON,WED,FRI", "SAT-SUN" is refused (ranges run forward within SUN..SAT); undefined when not a list of days. */
export function parseDays(text: string): WeekDay[] | undefined {
    const picked = new Set<number>();
    for (const part of text.split(",")) {
        const [from, to, ...rest] = part.trim().toUpperCase().split("-");
        const a = WEEK_DAYS.indexOf(from as WeekDay);
        const b = to === undefined ? a : WEEK_DAYS.indexOf(to as WeekDay);
        if (rest.length > 0 || a < 0 || b < 0 || b < a) return undefined;
        for (let d = a; d <= b; d++) {
            if (picked.has(d)) return undefined;
            picked.add(d);
        }
    }
    return [...picked].sort((x, y) => x - y).map((d) => WEEK_DAYS[d]);
}

/** Consecutive days as ranges: [MON..FRI] -> ["MON-FRI"], [MON, WED, THU] -> ["MON", "WED-THU"]. */
function dayRanges(days: readonly WeekDay[], name: (d: number) => string): string {
    const indexes = days.map((d) => WEEK_DAYS.indexOf(d));
    const parts: string[] = [];
    for (let i = 0; i < indexes.length;) {
        let j = i;
        while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
        parts.push(i === j ? name(indexes[i]) : `${name(indexes[i])}-${name(indexes[j])}`);
        i = j + 1;
    }
    return parts.join(",");
}

/** Application Auto Scaling's 6-field expression for `at` on the working days. */
export function applicationAutoScalingCron(at: ClockTime, days: readonly WeekDay[]): string {
    return `cron(${at.minute} ${at.hour} ? * ${dayRanges(days, (d) => WEEK_DAYS[d])} *)`;
}

/** EC2 Auto Scaling's 5-field Unix cron recurrence for `at` on the working days. */
export function autoScalingRecurrence(at: ClockTime, days: readonly WeekDay[]): string {
    return `${at.minute} ${at.hour} * * ${dayRanges(days, String)}`;
}

const minutesOf = (t: ClockTime): number => t.hour * 60 + t.minute;

/** Hours a week the environment sleeps: all of every day off, and outside wake..sleep on working days. */
export function asleepHoursPerWeek(s: SleepSchedule): number {
    const awakeMinutes = s.days.length * (minutesOf(s.sleep) - minutesOf(s.wake));
    return (7 * 24 * 60 - awakeMinutes) / 60;
}

/** Whether the schedule has the environment asleep at `now` (read in the schedule's time zone). */
export function isAsleepAt(s: SleepSchedule, now: Date): boolean {
    const parts = new Intl.DateTimeFormat("en-US", {
        timeZone: s.timezone,
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
    }).formatToParts(now);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    const day = part("weekday").toUpperCase() as WeekDay;
    const minute = Number(part("hour")) * 60 + Number(part("minute"));
    if (!s.days.includes(day)) return true;
    return minute < minutesOf(s.wake) || minute >= minutesOf(s.sleep);
}

/** The time and days of an expression made by applicationAutoScalingCron or autoScalingRecurrence; undefined for any other. */
export function parseScheduleExpression(expression: string): { at: ClockTime; days: WeekDay[] } | undefined {
    const m =
        /^cron\((\d{1,2}) (\d{1,2}) \? \* ([A-Z,-]+) \*\)$/.exec(expression) ?? /^(\d{1,2}) (\d{1,2}) \* \* ([0-6,-]+)$/.exec(expression);
    if (!m) return undefined;
    const daysText = m[3].replace(/[0-6]/g, (d) => WEEK_DAYS[Number(d)]);
    const days = parseDays(daysText);
    const at = { hour: Number(m[2]), minute: Number(m[1]) };
    return days && at.hour < 24 && at.minute < 60 ? { at, days } : undefined;
}

/** The share of a week asleep for a sleep and a wake expression on the same days; undefined when they are not such a pair. */
export function asleepShareOfWeek(sleepExpression: string, wakeExpression: string): number | undefined {
    const sleep = parseScheduleExpression(sleepExpression);
    const wake = parseScheduleExpression(wakeExpression);
    if (!sleep || !wake || sleep.days.join() !== wake.days.join() || minutesOf(wake.at) >= minutesOf(sleep.at)) return undefined;
    return asleepHoursPerWeek({ timezone: "UTC", wake: wake.at, sleep: sleep.at, days: sleep.days }) / (7 * 24);
}
