// Operations keys: the schedule that parks an environment out of hours (see docs/operations.md).
// Merged into CONFIG_KEYS by ./schema.ts, read by ./config-operations.ts.

import * as v from "valibot";
import { DEFAULT_SLEEP_TIMEZONE } from "../lib/sleep-schedule";

export const SLEEP_SCHEDULE_SHAPE = v.objectWithRest(
    {
        timezone: v.optional(v.string(), DEFAULT_SLEEP_TIMEZONE),
        wake: v.optional(v.string(), "08:00"),
        sleep: v.optional(v.string(), "20:00"),
        days: v.optional(v.string(), "MON-FRI"),
    },
    v.never(),
);

/** A ConfigKeySpec of ./schema.ts, restated so that this module does not import back from it. */
interface OperationsKeySpec {
    readonly key: string;
    readonly type: "object";
    readonly description: string;
    readonly allowed: string;
    readonly shape: v.GenericSchema;
}

export const OPERATIONS_CONFIG_KEYS: readonly OperationsKeySpec[] = [
    {
        key: "sleepSchedule",
        type: "object",
        description:
            'Park the environment out of hours: {timezone, wake, sleep, days}, e.g. {timezone: Asia/Tokyo, wake: "08:00", sleep: "20:00", days: MON-FRI}; ECS services go to 0 tasks and EKS node groups to 0 nodes at `sleep`, back at `wake` on the listed days (see docs/operations.md); unset: always on.',
        allowed:
            "timezone: an IANA Area/Location zone or UTC (default Asia/Tokyo); wake, sleep: HH:MM (24 h), wake before sleep; days: SUN..SAT names, ranges or lists (default MON-FRI); not in prd",
        shape: SLEEP_SCHEDULE_SHAPE,
    },
];
