// The log archive's keys (platform:logArchive*): application and audit log groups streamed to S3,
// see docs/observability.md, "Log archive". Read and checked in ./config-log-archive.ts.

import { GLACIER_IR_MINIMUM_DAYS, MAX_EXPIRE_DAYS, TRANSITION_DAYS } from "../components/observability/log-archive-facts";

/** A ConfigKeySpec of ./schema.ts, restated so that this module does not import back from it. */
interface LogArchiveKeySpec {
    readonly key: string;
    readonly type: "boolean" | "integer";
    readonly description: string;
    readonly default: boolean | number;
    readonly allowed: string;
}

export const LOG_ARCHIVE_CONFIG_KEYS: readonly LogArchiveKeySpec[] = [
    {
        key: "logArchive",
        type: "boolean",
        description:
            "Stream the application logs (ECS services, EKS pods on Fargate and on nodes) and the audit logs (ECS Exec sessions, EKS control plane) through Amazon Data Firehose to an S3 bucket this program creates (SSE-S3, versioned, TLS only).",
        default: false,
        allowed: "true needs ECS services or EKS",
    },
    {
        key: "logArchiveTransitionDays",
        type: "integer",
        description:
            "Days after delivery when archived objects move from S3 Standard to Glacier Instant Retrieval (Athena still reads them).",
        default: 30,
        allowed: `${TRANSITION_DAYS.min}..${TRANSITION_DAYS.max}`,
    },
    {
        key: "logArchiveExpireDays",
        type: "integer",
        description: "Days after delivery when archived objects are deleted.",
        default: 400,
        allowed: `logArchiveTransitionDays + ${GLACIER_IR_MINIMUM_DAYS} (Glacier IR's minimum storage duration)..${MAX_EXPIRE_DAYS}`,
    },
];
