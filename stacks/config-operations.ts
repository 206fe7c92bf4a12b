// Operations settings: read and validated with the rest of the stack config (see ./config.ts).

import { ClockTime, isSchedulerTimeZone, parseClockTime, parseDays, SleepSchedule, WEEK_DAYS, WeekDay } from "../lib/sleep-schedule";
import { ConfigReader, key } from "./config-reader";
import { OperationsSettings } from "./environment";
import { SLEEP_SCHEDULE_SHAPE } from "./schema-operations";

const SLEEP_KEY = "sleepSchedule";

export function readOperationsSettings(r: ConfigReader, context: { production: boolean }): OperationsSettings {
    const item = r.map(SLEEP_KEY, SLEEP_SCHEDULE_SHAPE, "a map {timezone, wake, sleep, days}");
    if (!item) return {};
    item.unknownFields("not a field of the sleep schedule");
    // prd serves around the clock: a schedule there is an outage every night, never a saving.
    if (context.production) {
        r.issue(key(SLEEP_KEY), JSON.stringify(item.raw), "prd may not sleep: parking it stops its services every night", "unset in prd");
    }
    const timezone = item.read(
        "timezone",
        { problem: "not a time zone AWS's schedulers take", allowed: "an IANA Area/Location name such as Asia/Tokyo or Etc/GMT-9, or UTC" },
        { valid: isSchedulerTimeZone },
    );
    const time = (field: "wake" | "sleep"): ClockTime | undefined => {
        const text = item.read(
            field,
            { problem: "not a time of day", allowed: "HH:MM on the 24-hour clock, 00:00..23:59" },
            { valid: (t) => parseClockTime(t) !== undefined },
        );
        return text === undefined ? undefined : parseClockTime(text);
    };
    const wake = time("wake");
    const sleep = time("sleep");
    const daysText = item.read(
        "days",
        {
            problem: "not a list of days",
            allowed: `day names ${WEEK_DAYS.join(" ")}, as forward ranges or a comma list (MON-FRI, MON,WED,FRI), each day once`,
        },
        { valid: (t) => parseDays(t) !== undefined },
    );
    const days: WeekDay[] | undefined = daysText === undefined ? undefined : parseDays(daysText);
    if (wake && sleep && wake.hour * 60 + wake.minute >= sleep.hour * 60 + sleep.minute) {
        item.bad(
            "sleep",
            item.raw.sleep ?? "20:00",
            `must be later than wake (${String(item.raw.wake ?? "08:00")}): the schedule wakes and sleeps within each working day`,
            "a later HH:MM than wake, on the same day",
        );
        return {};
    }
    if (timezone === undefined || !isSchedulerTimeZone(timezone) || !wake || !sleep || !days) return {};
    const schedule: SleepSchedule = { timezone, wake, sleep, days };
    return { sleepSchedule: schedule };
}
