// The log archive's numbers that config checks too, kept apart from the component so that the
// config schema loads without the AWS provider.

/** The storage class objects move to: Athena still reads it (unlike GLACIER and DEEP_ARCHIVE, which need a restore first). */
export const ARCHIVE_STORAGE_CLASS = "GLACIER_IR";
/**
 * S3 bills an object in Glacier Instant Retrieval for at least 90 days: expiring it sooner costs as
 * much as keeping it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html).
 */
export const GLACIER_IR_MINIMUM_DAYS = 90;
/** Bounds of logArchiveTransitionDays: the first month stays in STANDARD, where recent logs are read most. */
export const TRANSITION_DAYS = { min: 30, max: 3650 } as const;
/** Upper bound of logArchiveExpireDays (ten years). */
export const MAX_EXPIRE_DAYS = 3650;
/** How long versions replaced or deleted by hand are kept before S3 removes them. */
export const NONCURRENT_VERSION_DAYS = 30;
/** CloudWatch Logs allows two subscription filters per log group, a fixed limit (CloudWatch Logs quotas page). */
export const SUBSCRIPTION_FILTERS_PER_LOG_GROUP = 2;
