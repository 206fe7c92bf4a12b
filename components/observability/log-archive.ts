// The log archive: application and audit log groups streamed to S3 so their events outlive the log
// groups' retention and can be queried later (Athena). The chain is
//   log group -> subscription filter -> Amazon Data Firehose stream -> S3 bucket (lifecycle: Glacier IR, expiry)
// Subscription filters stream every event as it is ingested; S3 export tasks (CreateExportTask) are
// one-off batch copies, one running per account at a time, which would need a scheduler of their own.
// An account-level subscription filter policy would reach every group of the account, including ones
// of other stacks; per-group filters keep the archive to the groups this stack owns.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../../lib/tags";
import { ARCHIVE_STORAGE_CLASS, NONCURRENT_VERSION_DAYS } from "./log-archive-facts";

/**
 * Firehose buffers up to 128 MiB or 900 s before writing an object: an archive has no reader waiting,
 * and fewer, larger objects mean fewer PUTs and fewer objects under Glacier IR's 128 KB billing minimum.
 */
export const BUFFERING = { sizeMiB: 128, intervalSeconds: 900 } as const;
/** Object keys by delivery date (UTC): Hive-style partitions Athena can project. */
export const LOG_PREFIX = "logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";
export const ERROR_PREFIX = "errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";

/** What Firehose needs on the bucket (Firehose developer guide, "Grant Firehose access to an Amazon S3 destination"). */
export const FIREHOSE_S3_ACTIONS = [
    "s3:AbortMultipartUpload",
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
    "s3:PutObject",
] as const;
/** What CloudWatch Logs needs on the stream (CloudWatch Logs guide, "Subscription filters with Amazon Data Firehose"). */
export const LOGS_FIREHOSE_ACTIONS = ["firehose:PutRecord"] as const;

export interface ArchivedLogGroup {
    /** Stable part of the filter's logical name, e.g. "ecs-api". */
    readonly key: string;
    /** The group's name, as an output of the resource that creates it (the filter then waits for the group). */
    readonly name: pulumi.Input<string>;
    /** Why it is archived: application or audit. */
    readonly kind: "application" | "audit";
}

export interface LogArchiveArgs {
    readonly namePrefix: string;
    readonly region: string;
    readonly logGroups: readonly ArchivedLogGroup[];
    readonly transitionDays: number;
    readonly expireDays: number;
    /** prd: the bucket is protected and kept when the stack lets go of it. */
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: Record<string, string> | "*";
    readonly Action: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly Condition?: Record<string, Record<string, string | boolean | readonly string[]>>;
}
export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

/** The service principal of CloudWatch Logs in a region, as its subscription-filter roles must trust it. */
export const logsServicePrincipal = (region: string): string => `logs.${region}.amazonaws.com`;

/** Trust of the role CloudWatch Logs assumes: only for log groups of this account and region. */
export function logsTrustPolicy(p: { partition: string; region: string; accountId: string }): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudWatchLogsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: logsServicePrincipal(p.region) },
                Action: "sts:AssumeRole",
                Condition: { StringLike: { "aws:SourceArn": `arn:${p.partition}:logs:${p.region}:${p.accountId}:*` } },
            },
        ],
    };
}

/** CloudWatch Logs may put records into this one stream. */
export function logsToFirehosePolicy(streamArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "PutIntoArchiveStream", Effect: "Allow", Action: [...LOGS_FIREHOSE_ACTIONS], Resource: streamArn }],
    };
}

/** Trust of the role Firehose assumes; the external id is the account, as the Firehose guide shows. */
export function firehoseTrustPolicy(accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "FirehoseOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "firehose.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": accountId } },
            },
        ],
    };
}

/** Firehose may write to the archive bucket and nothing else (SSE-S3: no key to grant). */
export function firehoseToS3Policy(bucketArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "WriteArchive", Effect: "Allow", Action: [...FIREHOSE_S3_ACTIONS], Resource: [bucketArn, `${bucketArn}/*`] }],
    };
}

/** The bucket refuses requests without TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": false } },
            },
        ],
    };
}

/**
 * Lifecycle: current objects move to Glacier IR after `transitionDays` and expire after `expireDays`;
 * versions replaced or deleted by hand go after NONCURRENT_VERSION_DAYS; the delete markers expiry
 * leaves behind in a versioned bucket are removed once nothing is under them (S3 allows that only in a
 * rule without an expiration in days, hence two rules).
 */
export function archiveLifecycleRules(transitionDays: number, expireDays: number): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    return [
        {
            id: "archive-then-expire",
            status: "Enabled",
            filter: { prefix: "" },
            transitions: [{ days: transitionDays, storageClass: ARCHIVE_STORAGE_CLASS }],
            expiration: { days: expireDays },
            noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_VERSION_DAYS },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
        { id: "remove-expired-delete-markers", status: "Enabled", filter: { prefix: "" }, expiration: { expiredObjectDeleteMarker: true } },
    ];
}

/** The Firehose processors: CloudWatch Logs sends gzip; decompress, one JSON envelope per line, then gzip the object. */
export const FIREHOSE_PROCESSORS = [
    { type: "Decompression", parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }] },
    { type: "AppendDelimiterToRecord" },
] as const;

export class LogArchive extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly streamArn: pulumi.Output<string>;

    constructor(name: string, args: LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:LogArchive", name, {}, opts);
        const child = { parent: this };
        const tagged = (n: string) => tagsFor(args.tags, n);
        const identity = aws.getCallerIdentityOutput({}, child);
        const partition = aws.getPartitionOutput({}, child);

        // Auto-named: bucket names are global, and `bucket` is ForceNew.
        const bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            { forceDestroy: !args.protect, tags: tagged(`${args.namePrefix}-log-archive`) },
            { parent: this, protect: args.protect, retainOnDelete: args.protect },
        );
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-bucket`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );
        const ownership = new aws.s3.BucketOwnershipControls(
            `${name}-bucket`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            child,
        );
        // SSE-S3: the log groups themselves use CloudWatch's own encryption, and Athena readers need no key grant.
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-bucket`,
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            child,
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-bucket`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            child,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-bucket`,
            { bucket: bucket.id, rules: archiveLifecycleRules(args.transitionDays, args.expireDays) },
            // S3 wants versioning settled before a lifecycle rule with noncurrent-version actions.
            { parent: this, dependsOn: [versioning] },
        );
        const bucketPolicy = new aws.s3.BucketPolicy(
            `${name}-bucket`,
            { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))) },
            // S3 refuses a policy write while public access settings are being changed on the bucket.
            { parent: this, dependsOn: [publicAccess] },
        );

        const firehoseRole = new aws.iam.Role(
            `${name}-firehose`,
            {
                description: `Firehose writes ${args.namePrefix} archived logs to S3`,
                assumeRolePolicy: identity.accountId.apply((accountId) => JSON.stringify(firehoseTrustPolicy(accountId))),
                tags: tagged(`${args.namePrefix}-log-archive-firehose`),
            },
            child,
        );
        const firehosePolicy = new aws.iam.RolePolicy(
            `${name}-firehose`,
            { role: firehoseRole.id, policy: bucket.arn.apply((arn) => JSON.stringify(firehoseToS3Policy(arn))) },
            child,
        );

        // Auto-named: `name` and `destination` are ForceNew; a replacement must not collide with the old stream.
        const stream = new aws.kinesis.FirehoseDeliveryStream(
            `${name}-stream`,
            {
                destination: "extended_s3",
                serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
                extendedS3Configuration: {
                    roleArn: firehoseRole.arn,
                    bucketArn: bucket.arn,
                    prefix: LOG_PREFIX,
                    errorOutputPrefix: ERROR_PREFIX,
                    bufferingSize: BUFFERING.sizeMiB,
                    bufferingInterval: BUFFERING.intervalSeconds,
                    compressionFormat: "GZIP",
                    fileExtension: ".json.gz",
                    processingConfiguration: {
                        enabled: true,
                        processors: FIREHOSE_PROCESSORS.map((p) => ({
                            type: p.type,
                            ...("parameters" in p ? { parameters: p.parameters.map((x) => ({ ...x })) } : {}),
                        })),
                    },
                },
                tags: tagged(`${args.namePrefix}-log-archive`),
            },
            // Firehose assumes the role on create and writes at once: its grants and the bucket's settings come first.
            { parent: this, dependsOn: [firehosePolicy, bucketPolicy, ownership, encryption] },
        );

        const logsRole = new aws.iam.Role(
            `${name}-logs`,
            {
                description: `CloudWatch Logs puts ${args.namePrefix} log events into the archive stream`,
                assumeRolePolicy: pulumi
                    .all([partition.partition, identity.accountId])
                    .apply(([p, accountId]) => JSON.stringify(logsTrustPolicy({ partition: p, region: args.region, accountId }))),
                tags: tagged(`${args.namePrefix}-log-archive-logs`),
            },
            child,
        );
        const logsPolicy = new aws.iam.RolePolicy(
            `${name}-logs`,
            { role: logsRole.id, policy: stream.arn.apply((arn) => JSON.stringify(logsToFirehosePolicy(arn))) },
            child,
        );

        for (const group of args.logGroups) {
            // Auto-named: `name` and `log_group_name` are ForceNew. A replacement creates the new filter
            // before deleting the old one, so it briefly holds this group's second filter slot.
            new aws.cloudwatch.LogSubscriptionFilter(
                `${name}-${group.key}`,
                {
                    logGroup: group.name,
                    // Empty pattern: every event.
                    filterPattern: "",
                    destinationArn: stream.arn,
                    roleArn: logsRole.arn,
                },
                // PutSubscriptionFilter sends a test record with the role: the grant must be in place.
                { parent: this, dependsOn: [logsPolicy, stream] },
            );
        }

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.streamArn = stream.arn;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, streamArn: this.streamArn });
    }
}
