// The shared ALB's edge: a certificate this program requests (DNS-validated), the access-log
// bucket, and the WAFv2 web ACL with AWS managed rule groups.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accessLogsBucketPolicy } from "./elb-log-delivery";

type Tagged = (name: string) => Record<string, string>;

/**
 * An ACM certificate for `domain`, valid once its CNAME record is in the hosted zone. The listener
 * takes the validation's ARN, so it waits for ACM to issue the certificate instead of failing
 * with a pending one. A domain change replaces the certificate (domain_name is ForceNew); the
 * provider creates the successor before deleting the old one, so the listener moves over first.
 */
export function requestCertificate(
    name: string,
    req: { readonly domain: string; readonly zoneId: string },
    tagged: Tagged,
    opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
    const certificate = new aws.acm.Certificate(
        `${name}-certificate`,
        { domainName: req.domain, validationMethod: "DNS", keyAlgorithm: "RSA_2048", tags: tagged(req.domain) },
        { ...opts, deleteBeforeReplace: false },
    );
    const option = certificate.domainValidationOptions.apply((options) => options[0]);
    const record = new aws.route53.Record(
        `${name}-certificate-validation`,
        {
            zoneId: req.zoneId,
            name: option.resourceRecordName,
            type: option.resourceRecordType,
            records: [option.resourceRecordValue],
            ttl: 300,
            // ACM gives a wildcard and its apex the same record; a second certificate may already hold it.
            allowOverwrite: true,
        },
        opts,
    );
    const validation = new aws.acm.CertificateValidation(
        `${name}-certificate`,
        { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
        opts,
    );
    return validation.certificateArn;
}

export interface AccessLogsBucket {
    readonly bucketName: pulumi.Output<string>;
    /** The ALB checks that it may write when access logs are switched on: it must come after these. */
    readonly ready: pulumi.Resource[];
}

/**
 * A bucket for the ALB's access logs: the region's log deliverer may write under `prefix` (see
 * ./elb-log-delivery.ts), SSE-S3 (the only server-side encryption ALB access logs support),
 * objects owned by the bucket owner, public access blocked, objects expire after `retentionDays`.
 * Auto-named: bucket names are global, and a fixed one could be taken in another account.
 */
export function accessLogsBucket(
    name: string,
    p: {
        readonly partition: pulumi.Input<string>;
        readonly region: string;
        readonly accountId: pulumi.Input<string>;
        readonly prefix: string;
        readonly retentionDays: number;
    },
    tagged: Tagged,
    opts: pulumi.CustomResourceOptions & { readonly protect: boolean },
): AccessLogsBucket {
    const bucket = new aws.s3.Bucket(
        `${name}-access-logs`,
        { forceDestroy: !opts.protect, tags: tagged(`${p.prefix}-alb-access-logs`) },
        { parent: opts.parent, protect: opts.protect, retainOnDelete: opts.protect },
    );
    const child = { parent: opts.parent };
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${name}-access-logs`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        child,
    );
    const ownership = new aws.s3.BucketOwnershipControls(
        `${name}-access-logs`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        child,
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-access-logs`,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        child,
    );
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-access-logs`,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: "expire-access-logs",
                    status: "Enabled",
                    filter: { prefix: "" },
                    expiration: { days: p.retentionDays },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        },
        child,
    );
    const policy = new aws.s3.BucketPolicy(
        `${name}-access-logs`,
        {
            bucket: bucket.id,
            policy: pulumi
                .all([bucket.arn, p.partition, p.accountId])
                .apply(([bucketArn, partition, accountId]) =>
                    JSON.stringify(accessLogsBucketPolicy({ partition, region: p.region, accountId, bucketArn, prefix: p.prefix })),
                ),
        },
        // S3 refuses a policy write while public access settings are being changed on the bucket.
        { parent: opts.parent, dependsOn: [publicAccess] },
    );
    return { bucketName: bucket.bucket, ready: [policy, ownership, encryption] };
}

/** AWS managed rule groups on the web ACL, in evaluation order; each bills $1 per month. */
export const MANAGED_RULE_GROUPS = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
];

/** A regional web ACL (allow by default, the managed groups block) on the ALB. */
export function webAcl(
    name: string,
    albArn: pulumi.Input<string>,
    metricPrefix: string,
    tagged: Tagged,
    opts: pulumi.CustomResourceOptions,
): aws.wafv2.WebAcl {
    const visibility = (metric: string) => ({ cloudwatchMetricsEnabled: true, metricName: metric, sampledRequestsEnabled: true });
    const acl = new aws.wafv2.WebAcl(
        `${name}-waf`,
        {
            // Auto-named: `name` and `scope` are ForceNew, and a replacement must not collide with the old ACL.
            scope: "REGIONAL",
            description: `Managed rule groups in front of ${metricPrefix}'s ALB`,
            defaultAction: { allow: {} },
            rules: MANAGED_RULE_GROUPS.map((group, priority) => ({
                name: group,
                priority,
                overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
                visibilityConfig: visibility(`${metricPrefix}-${group}`),
            })),
            visibilityConfig: visibility(`${metricPrefix}-waf`),
            tags: tagged(`${metricPrefix}-waf`),
        },
        opts,
    );
    // Deleting an association disassociates whatever ACL the ALB has (the API takes only the ALB's
    // ARN): the old one must go before the new one is made, or its deletion would undo the new one.
    new aws.wafv2.WebAclAssociation(`${name}-waf`, { resourceArn: albArn, webAclArn: acl.arn }, { ...opts, deleteBeforeReplace: true });
    return acl;
}
