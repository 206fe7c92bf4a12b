// Amazon GuardDuty for the platform's workloads: EKS audit-log analysis and Runtime Monitoring with
// GuardDuty's own agent management (the aws-guardduty-agent add-on on EKS nodes, the sidecar on ECS
// Fargate tasks), and findings at or above a severity routed to the alarm topic.
//
// A detector is one per account and region: `create` makes it (one stack of the account-region may
// do so), `adopt` takes the id of one that exists (another stack, the organisation's delegated
// administrator) and only sets the features on it. With automated agent management GuardDuty
// creates the `guardduty-data` VPC endpoint and its security group in each VPC it protects, so the
// platform declares no endpoint of its own for it: a second endpoint with private DNS for the same
// service could not be created in the VPC.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../../lib/tags";

export const GUARD_DUTY_MODES = ["off", "create", "adopt"] as const;
export type GuardDutyMode = (typeof GUARD_DUTY_MODES)[number];

/** GuardDuty's severity bands (the user guide's "Severity levels of GuardDuty findings"): the lowest score of each. */
export const GUARD_DUTY_SEVERITY_FLOORS = { LOW: 1, MEDIUM: 4, HIGH: 7, CRITICAL: 9 } as const;
export type GuardDutySeverity = keyof typeof GUARD_DUTY_SEVERITY_FLOORS;
export const GUARD_DUTY_SEVERITIES = Object.keys(GUARD_DUTY_SEVERITY_FLOORS) as GuardDutySeverity[];

/** What a detector id looks like (GuardDuty returns 32 lowercase hexadecimal characters). */
export const DETECTOR_ID = /^[0-9a-f]{32}$/;

/** The repository GuardDuty's Fargate sidecar comes from, in every region's GuardDuty account. */
export const FARGATE_AGENT_REPOSITORY = "aws-guardduty-agent-fargate";

export interface DetectorFeatureSetting {
    readonly name: string;
    readonly status: "ENABLED" | "DISABLED";
    readonly additionalConfigurations?: readonly { readonly name: string; readonly status: "ENABLED" | "DISABLED" }[];
}

/**
 * The features the platform sets: EKS audit logs; Runtime Monitoring with GuardDuty managing the
 * agent for EKS (add-on) and ECS on Fargate (sidecar). EC2 agent management stays off: the
 * platform runs no ECS container instances, and EKS nodes are covered by the add-on.
 */
export function detectorFeatures(workloads: { readonly eks: boolean; readonly ecsFargate: boolean }): DetectorFeatureSetting[] {
    const on = (b: boolean) => (b ? "ENABLED" : "DISABLED");
    return [
        { name: "EKS_AUDIT_LOGS", status: on(workloads.eks) },
        {
            name: "RUNTIME_MONITORING",
            status: on(workloads.eks || workloads.ecsFargate),
            additionalConfigurations: [
                { name: "EKS_ADDON_MANAGEMENT", status: on(workloads.eks) },
                { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: on(workloads.ecsFargate) },
                { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
            ],
        },
    ];
}

/** The EventBridge pattern of GuardDuty findings at or above `min` (severity is a number in the event). */
export function threatFindingsPattern(min: GuardDutySeverity): Record<string, unknown> {
    return {
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: { severity: [{ numeric: [">=", GUARD_DUTY_SEVERITY_FLOORS[min]] }] },
    };
}

export interface ThreatDetectionArgs {
    readonly namePrefix: string;
    readonly mode: Exclude<GuardDutyMode, "off">;
    /** With `adopt`: the existing detector. */
    readonly detectorId?: string;
    readonly workloads: { readonly eks: boolean; readonly ecsFargate: boolean };
    /** Where findings at or above minSeverity go (the alarm topic), when alarms are on. */
    readonly findings?: { readonly topicArn: pulumi.Input<string>; readonly minSeverity: GuardDutySeverity };
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

export class ThreatDetection extends pulumi.ComponentResource {
    readonly detectorId: pulumi.Output<string>;
    readonly findingsRuleArn?: pulumi.Output<string>;

    constructor(name: string, args: ThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:ThreatDetection", name, {}, opts);
        const parent = { parent: this };
        let detectorId: pulumi.Output<string>;
        if (args.mode === "create") {
            const detector = new aws.guardduty.Detector(
                `${name}-detector`,
                {
                    enable: true,
                    // Updated findings reach EventBridge every 15 minutes instead of every 6 hours.
                    findingPublishingFrequency: "FIFTEEN_MINUTES",
                    tags: tagsFor(args.tags, `${args.namePrefix}-guardduty`),
                },
                { parent: this, protect: args.protect },
            );
            detectorId = detector.id;
        } else {
            if (!args.detectorId) throw new Error("ThreatDetection: adopt needs the detector id");
            detectorId = pulumi.output(args.detectorId);
        }
        for (const feature of detectorFeatures(args.workloads)) {
            new aws.guardduty.DetectorFeature(
                `${name}-${feature.name.toLowerCase().replace(/_/g, "-")}`,
                {
                    detectorId,
                    name: feature.name,
                    status: feature.status,
                    ...(feature.additionalConfigurations
                        ? { additionalConfigurations: feature.additionalConfigurations.map((c) => ({ ...c })) }
                        : {}),
                },
                parent,
            );
        }
        if (args.findings) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-findings`,
                {
                    name: `${args.namePrefix}-threat-findings`,
                    description: `GuardDuty findings of ${args.findings.minSeverity} severity or above`,
                    eventPattern: JSON.stringify(threatFindingsPattern(args.findings.minSeverity)),
                    tags: tagsFor(args.tags, `${args.namePrefix}-threat-findings`),
                },
                parent,
            );
            new aws.cloudwatch.EventTarget(
                `${name}-findings`,
                { rule: rule.name, targetId: "alarm-topic", arn: args.findings.topicArn },
                parent,
            );
            this.findingsRuleArn = rule.arn;
        }
        this.detectorId = detectorId;
        this.registerOutputs({ detectorId: this.detectorId, findingsRuleArn: this.findingsRuleArn });
    }
}
