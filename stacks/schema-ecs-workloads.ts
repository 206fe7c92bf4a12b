// What an app team writes about its service's traffic, permissions, health and deploys
// (platform:ecsServices[*], see docs/ecs.md "Workloads"), and the edge keys of the shared ALB.
// Merged into ECS_SERVICE_SHAPE and CONFIG_KEYS by ./schema.ts, read by ./config-ecs-workloads.ts.

import * as v from "valibot";
import { DEPLOYMENT_STRATEGIES } from "../components/ecs/args";

const integer = v.pipe(v.number(), v.safeInteger());
const strings = v.array(v.string());
function closedMap<E extends v.ObjectEntries>(entries: E): v.ObjectWithRestSchema<E, v.NeverSchema<undefined>, undefined> {
    return v.objectWithRest(entries, v.never());
}

export const ECS_EGRESS_SHAPE = closedMap({
    to: v.string(),
    port: integer,
    toPort: v.optional(integer),
    description: v.optional(v.string()),
});
export const ECS_TASK_ROLE_STATEMENT_SHAPE = closedMap({
    sid: v.optional(v.string()),
    actions: strings,
    resources: strings,
});
export const ECS_CONTAINER_HEALTH_CHECK_SHAPE = closedMap({
    command: strings,
    interval: v.optional(integer, 30),
    timeout: v.optional(integer, 5),
    retries: v.optional(integer, 3),
    startPeriod: v.optional(integer, 0),
});
export const ECS_DEPLOYMENT_SHAPE = closedMap({
    strategy: v.optional(v.picklist(DEPLOYMENT_STRATEGIES), "rolling"),
    bakeTimeMinutes: v.optional(integer, 10),
    trafficPercent: v.optional(v.number(), 10),
});

/** Fields of a service entry beyond image, size and routing: spread into ECS_SERVICE_SHAPE. */
export const ECS_WORKLOAD_FIELDS = {
    allowFrom: v.optional(strings, []),
    egress: v.optional(v.array(ECS_EGRESS_SHAPE), []),
    taskRoleStatements: v.optional(v.array(ECS_TASK_ROLE_STATEMENT_SHAPE), []),
    taskRoleManagedPolicyArns: v.optional(strings, []),
    healthCheckGracePeriodSeconds: v.optional(integer, 60),
    containerHealthCheck: v.optional(ECS_CONTAINER_HEALTH_CHECK_SHAPE),
    deployment: v.optional(ECS_DEPLOYMENT_SHAPE, {}),
    readonlyRootFilesystem: v.optional(v.boolean(), false),
    user: v.optional(v.string()),
    logMultilinePattern: v.optional(v.string()),
};

/** A ConfigKeySpec of ./schema.ts, restated so that this module does not import back from it. */
interface EdgeKeySpec {
    readonly key: string;
    readonly type: "string" | "boolean";
    readonly description: string;
    readonly default: string | boolean;
    readonly allowed: string;
}

/** The shared ALB's edge: certificate, access logs, WAF. */
export const ECS_EDGE_CONFIG_KEYS: readonly EdgeKeySpec[] = [
    {
        key: "albCertificateDomain",
        type: "string",
        description:
            "Without albCertificateArn: a domain name this program requests an ACM certificate for, validated by DNS in albCertificateZoneId.",
        default: "",
        allowed: "a DNS name (wildcard allowed); needs albCertificateZoneId",
    },
    {
        key: "albCertificateZoneId",
        type: "string",
        description: "Route 53 public hosted zone that holds albCertificateDomain's validation record.",
        default: "",
        allowed: "a hosted zone id (Z...)",
    },
    {
        key: "albAccessLogs",
        type: "boolean",
        description:
            "ALB access logs to a bucket this program creates (SSE-S3, public access blocked, expiry after logRetentionDays); albAccessLogsBucket names an existing one instead.",
        default: false,
        allowed: "on in prd unless albAccessLogsBucket is set",
    },
    {
        key: "albWaf",
        type: "boolean",
        description: "A WAFv2 web ACL with AWS managed rule groups (common, known bad inputs, IP reputation) on the ALB.",
        default: false,
        allowed: "on in prd",
    },
];
