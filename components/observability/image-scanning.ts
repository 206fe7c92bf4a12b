// The registry's image scanning and, with enhanced scanning, the findings that reach the alarm topic.
// A registry has one scanning configuration per account and region: declaring it here replaces
// whatever was set before, and only the repository filters keep it from reaching other repositories.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../../lib/tags";

export const ECR_SCANNING_MODES = ["basic", "enhanced", "unmanaged"] as const;
export type EcrScanningMode = (typeof ECR_SCANNING_MODES)[number];

/**
 * Regions where ECR offers no enhanced scanning, as the ECR user guide listed them on 2026-11-23
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html): there
 * PutRegistryScanningConfiguration with ENHANCED fails at apply time, so config refuses it first.
 */
export const REGIONS_WITHOUT_ENHANCED_SCANNING: readonly string[] = [
    "ap-south-2",
    "ap-southeast-4",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
];

/** Inspector's severities, most severe first (UNTRIAGED is left out: it has no place on the scale). */
export const FINDING_SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** The severities at or above `min`: EventBridge patterns match listed values, not ranges of words. */
export function severitiesFrom(min: FindingSeverity): FindingSeverity[] {
    return FINDING_SEVERITIES.slice(0, FINDING_SEVERITIES.indexOf(min) + 1);
}

/** ECR wildcard filter covering the platform's repositories (named `<namePrefix>/<service>`). */
export const repositoryFilter = (namePrefix: string): string => `${namePrefix}/*`;

/** The EventBridge pattern of Inspector findings on the platform's images at or above `min`. */
export function findingsPattern(namePrefix: string, min: FindingSeverity): Record<string, unknown> {
    return {
        source: ["aws.inspector2"],
        "detail-type": ["Inspector2 Finding"],
        detail: {
            // Inspector also reports findings it closes or suppresses; only open ones need someone.
            status: ["ACTIVE"],
            severity: severitiesFrom(min),
            resources: { details: { awsEcrContainerImage: { repositoryName: [{ prefix: `${namePrefix}/` }] } } },
        },
    };
}

export interface ImageScanningArgs {
    readonly namePrefix: string;
    readonly region: string;
    readonly mode: Exclude<EcrScanningMode, "unmanaged">;
    readonly tags: Readonly<Record<string, string>>;
    /** Enhanced scanning only: where findings at or above minSeverity go. */
    readonly findings?: { readonly topicArn: pulumi.Input<string>; readonly minSeverity: FindingSeverity };
}

export class ImageScanning extends pulumi.ComponentResource {
    readonly findingsRuleArn?: pulumi.Output<string>;

    constructor(name: string, args: ImageScanningArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:ImageScanning", name, {}, opts);
        const parent = { parent: this };
        const filter = { filter: repositoryFilter(args.namePrefix), filterType: "WILDCARD" };
        new aws.ecr.RegistryScanningConfiguration(
            `${name}-registry-scanning`,
            {
                scanType: args.mode === "enhanced" ? "ENHANCED" : "BASIC",
                rules: [
                    // Basic scanning has no continuous mode; enhanced rescans when new CVEs are published.
                    { scanFrequency: args.mode === "enhanced" ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH", repositoryFilters: [filter] },
                ],
            },
            parent,
        );
        if (args.mode === "enhanced" && args.findings) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-findings`,
                {
                    name: `${args.namePrefix}-image-findings`,
                    description: `Inspector findings of ${args.findings.minSeverity} or above on ${repositoryFilter(args.namePrefix)} images`,
                    eventPattern: JSON.stringify(findingsPattern(args.namePrefix, args.findings.minSeverity)),
                    tags: tagsFor(args.tags, `${args.namePrefix}-image-findings`),
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
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ findingsRuleArn: this.findingsRuleArn });
    }
}
