// Out-of-hours parking of an environment: Application Auto Scaling scheduled actions on each ECS
// service's scalable target, EC2 Auto Scaling scheduled actions on each EKS node group's Auto
// Scaling group. At `sleep` both go to zero; at `wake` the configured bounds come back.
//
// Why the schedulers and not a Lambda: both services run the action themselves in the given time
// zone (daylight saving included), need no role of ours, and a missed `pulumi up` changes nothing.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../../lib/names";
import { applicationAutoScalingCron, autoScalingRecurrence, SleepSchedule } from "../../lib/sleep-schedule";

export interface SleepingService {
    /** Config name of the service. */
    readonly name: string;
    readonly resourceId: pulumi.Input<string>;
    readonly serviceNamespace: pulumi.Input<string>;
    readonly scalableDimension: pulumi.Input<string>;
    /** The daytime bounds a wake-up restores. */
    readonly minCapacity: number;
    readonly maxCapacity: number;
}

export interface SleepingNodeGroup {
    /** Config name of the node group. */
    readonly name: string;
    readonly autoScalingGroupName: pulumi.Input<string>;
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
}

export interface SleepScheduleArgs {
    readonly namePrefix: string;
    readonly schedule: SleepSchedule;
    readonly services: readonly SleepingService[];
    readonly nodeGroups: readonly SleepingNodeGroup[];
}

/** The min/max an ECS service's target gets at each moment. */
export function serviceCapacityAt(moment: "sleep" | "wake", s: Pick<SleepingService, "minCapacity" | "maxCapacity">) {
    return moment === "sleep" ? { minCapacity: 0, maxCapacity: 0 } : { minCapacity: s.minCapacity, maxCapacity: s.maxCapacity };
}

/**
 * The sizes a node group's Auto Scaling group gets at each moment. Asleep: min and desired 0 and
 * the configured max (all three are sent: the provider sends 0 for an unset size, -1 means "leave").
 */
export function nodeGroupSizesAt(moment: "sleep" | "wake", ng: Pick<SleepingNodeGroup, "minSize" | "desiredSize" | "maxSize">) {
    return moment === "sleep"
        ? { minSize: 0, desiredCapacity: 0, maxSize: ng.maxSize }
        : { minSize: ng.minSize, desiredCapacity: ng.desiredSize, maxSize: ng.maxSize };
}

export class EnvironmentSleep extends pulumi.ComponentResource {
    constructor(name: string, args: SleepScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:operations:SleepSchedule", name, {}, opts);
        const parent = { parent: this };
        const s = args.schedule;
        const at = { sleep: s.sleep, wake: s.wake };
        for (const svc of args.services) {
            for (const moment of ["sleep", "wake"] as const) {
                // name, serviceNamespace, resourceId and scalableDimension force a new action
                // (terraform-provider-aws appautoscaling/scheduled_action.go); the rest is PutScheduledAction in place.
                new aws.appautoscaling.ScheduledAction(
                    `${name}-${svc.name}-${moment}`,
                    {
                        name: names.sleepAction(args.namePrefix, svc.name, moment),
                        serviceNamespace: svc.serviceNamespace,
                        resourceId: svc.resourceId,
                        scalableDimension: svc.scalableDimension,
                        schedule: applicationAutoScalingCron(at[moment], s.days),
                        timezone: s.timezone,
                        scalableTargetAction: serviceCapacityAt(moment, svc),
                    },
                    parent,
                );
            }
        }
        for (const ng of args.nodeGroups) {
            for (const moment of ["sleep", "wake"] as const) {
                // scheduledActionName and autoscalingGroupName force a new action (autoscaling/schedule.go):
                // a node group replaced by a new one (new Auto Scaling group) gets new actions; the old
                // group's actions go with it.
                new aws.autoscaling.Schedule(
                    `${name}-${ng.name}-${moment}`,
                    {
                        scheduledActionName: names.sleepAction(args.namePrefix, ng.name, moment),
                        autoscalingGroupName: ng.autoScalingGroupName,
                        recurrence: autoScalingRecurrence(at[moment], s.days),
                        timeZone: s.timezone,
                        ...nodeGroupSizesAt(moment, ng),
                    },
                    parent,
                );
            }
        }
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({});
    }
}
