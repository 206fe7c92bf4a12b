// Logs: every log group expires, and the log group the Fargate log router (aws-logging ConfigMap)
// writes to is one this stack declares (with auto_create_group it would exist without retention or tags).

import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asRecord } from "./util";

export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

export const logGroupRetention: ResourceValidationPolicy = {
    name: "log-group-retention",
    description: "Every CloudWatch log group has a retention.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== LOG_GROUP) return;
        const days: unknown = args.props.retentionInDays;
        if (typeof days !== "number" || days <= 0) {
            report(
                `Log group ${args.name}: no retention (logs are kept, and billed, forever); set retentionInDays from platform:logRetentionDays.`,
            );
        }
    },
};

/** Log group names a Fluent Bit config names (`log_group_name <name>` in an output section). */
export function logGroupNamesIn(config: string): string[] {
    return [...config.matchAll(/^\s*log_group_name\s+(\S+)/gm)].map((m) => m[1]);
}

export const fargateLogRouterGroup: StackValidationPolicy = {
    name: "fargate-log-router-group-declared",
    description: "The log group the EKS Fargate log router (aws-logging ConfigMap) writes to is declared in the stack.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const declared = new Set(args.resources.filter((r) => r.type === LOG_GROUP).map((r): unknown => r.props.name));
        const routers = args.resources.filter((r) => r.type === CONFIG_MAP && asRecord(r.props.metadata)?.name === "aws-logging");
        for (const router of routers) {
            const data = asRecord(router.props.data) ?? {};
            const names = Object.values(data)
                .filter((v): v is string => typeof v === "string")
                .flatMap(logGroupNamesIn);
            if (names.length === 0) {
                report(
                    `aws-logging ConfigMap ${router.name}: names no log group; set log_group_name in its output.conf to a log group this stack declares.`,
                    router.urn,
                );
            }
            for (const name of names.filter((n) => !declared.has(n))) {
                report(
                    `aws-logging ConfigMap ${router.name}: log group ${name} is not declared in this stack; declare an aws.cloudwatch.LogGroup named ${name} with retention and tags (do not rely on auto_create_group).`,
                    router.urn,
                );
            }
        }
    },
};

export const logPolicies = [logGroupRetention, fargateLogRouterGroup];
