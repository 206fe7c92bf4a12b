// Observability settings: read and validated with the rest of the stack config (see ./config.ts).

import { partitionOfRegion } from "../lib/aws-facts";
import { arnPlacementProblem, parseArn } from "../lib/arns";
import { ConfigReader, key } from "./config-reader";
import { ObservabilitySettings } from "./environment";
import {
    DETECTOR_ID,
    GUARD_DUTY_MODES,
    GUARD_DUTY_SEVERITIES,
    GuardDutyMode,
    GuardDutySeverity,
} from "../components/observability/threat-detection";
import {
    REGIONS_WITHOUT_ENHANCED_SCANNING,
    ECR_SCANNING_MODES,
    EcrScanningMode,
    FINDING_SEVERITIES,
    FindingSeverity,
} from "../components/observability/image-scanning";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** SNS can deliver to these without a subscription role: SQS queues and Lambda functions. */
const SUBSCRIBABLE_ARN = /^arn:aws[a-z-]*:(sqs|lambda):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_:.-]+$/;
/** CloudWatch Logs stream names may not contain ':' or '*'. */
const STREAM_PREFIX = /^[^:*]{1,64}$/;
const ADDON_VERSION = /^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$/;

export function readObservabilitySettings(r: ConfigReader, context: { region: string }): ObservabilitySettings {
    const alarmsEnabled = r.boolean("alarmsEnabled");
    const alarmSubscriptions = r.stringArray("alarmSubscriptions");
    const partition = partitionOfRegion(context.region);
    for (const endpoint of alarmSubscriptions) {
        if (!EMAIL.test(endpoint) && !SUBSCRIBABLE_ARN.test(endpoint)) {
            r.issue(
                key("alarmSubscriptions"),
                endpoint,
                "not an e-mail address or an SQS/Lambda ARN",
                `e-mail addresses (ops@example.com) or arn:${partition}:sqs:<region>:<account>:<queue> / arn:${partition}:lambda:<region>:<account>:function:<name>`,
            );
        } else if (SUBSCRIBABLE_ARN.test(endpoint) && !r.hasIssue("aws:region")) {
            // SNS delivers to queues and functions of other regions, never of another partition.
            const arn = parseArn(endpoint);
            const problem = arn && arnPlacementProblem(arn, { region: context.region, partition });
            if (problem) r.issue(key("alarmSubscriptions"), endpoint, problem, `an SQS queue or Lambda function ARN of ${partition}`);
        }
    }
    r.noDuplicates("alarmSubscriptions", alarmSubscriptions);
    const percent = (v: number) => v >= 1 && v <= 100;
    const ecrScanning = r.oneOf("ecrScanning", ECR_SCANNING_MODES) as EcrScanningMode;
    // Findings are only worth paying Inspector for when someone hears about them.
    if (ecrScanning === "enhanced" && !alarmsEnabled && !r.hasIssue(key("alarmsEnabled"))) {
        r.issue(
            key("ecrScanning"),
            ecrScanning,
            "enhanced scanning sends its findings to the alarm topic, which alarmsEnabled false does not create",
            "basic or unmanaged, or alarmsEnabled true",
        );
    }
    if (ecrScanning === "enhanced" && REGIONS_WITHOUT_ENHANCED_SCANNING.includes(context.region) && !r.hasIssue("aws:region")) {
        r.issue(
            key("ecrScanning"),
            ecrScanning,
            `ECR offers no enhanced scanning in ${context.region}`,
            "basic or unmanaged in this region",
        );
    }
    return {
        alarmsEnabled,
        alarmSubscriptions,
        thresholds: {
            cpuHighPercent: r.integer("alarmCpuHighPercent", percent, "1..100"),
            memoryHighPercent: r.integer("alarmMemoryHighPercent", percent, "1..100"),
            target5xxPerMinute: r.integer("alarmTarget5xxPerMinute", (v) => v >= 0, "0 or more"),
            evaluationMinutes: r.integer("alarmEvaluationMinutes", (v) => v >= 1 && v <= 60, "1..60"),
        },
        fargateLogStreamPrefix: r.string(key("fargateLogStreamPrefix"), (v) => STREAM_PREFIX.test(v), "1-64 characters without ':' or '*'"),
        fargateRouterLogs: r.boolean("fargateRouterLogs"),
        fargateMetrics: r.boolean("fargateMetrics"),
        containerInsightsAddonVersion: r.string(
            key("containerInsightsAddonVersion"),
            (v) => v === "" || ADDON_VERSION.test(v),
            "empty (the default for the cluster version) or v<major>.<minor>.<patch>-eksbuild.<n>",
        ),
        ecrScanning,
        ecrFindingsMinSeverity: r.oneOf("ecrFindingsMinSeverity", FINDING_SEVERITIES) as FindingSeverity,
        guardDuty: readGuardDuty(r),
    };
}

/** GuardDuty: a detector to create, one to adopt by id, or none of the platform's business. */
function readGuardDuty(r: ConfigReader): ObservabilitySettings["guardDuty"] {
    const mode = r.oneOf("guardDuty", GUARD_DUTY_MODES) as GuardDutyMode;
    const detectorId = r.string(key("guardDutyDetectorId"), () => true, "", false);
    const minSeverity = r.oneOf("guardDutyFindingsMinSeverity", GUARD_DUTY_SEVERITIES) as GuardDutySeverity;
    if (mode === "adopt" && !DETECTOR_ID.test(detectorId)) {
        r.issue(
            key("guardDutyDetectorId"),
            JSON.stringify(detectorId),
            detectorId === "" ? "guardDuty adopt needs the existing detector's id" : "not a detector id",
            "32 lowercase hexadecimal characters (aws guardduty list-detectors)",
        );
    }
    if (mode !== "adopt" && detectorId !== "") {
        r.issue(
            key("guardDutyDetectorId"),
            JSON.stringify(detectorId),
            `only read with guardDuty adopt (guardDuty is ${mode})`,
            "empty, or set guardDuty: adopt",
        );
    }
    return mode === "off" ? undefined : { mode, detectorId: mode === "adopt" ? detectorId : undefined, findingsMinSeverity: minSeverity };
}
