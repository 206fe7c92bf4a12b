// Who writes ALB access logs into a bucket, per region. Regions opened before August 2022 deliver
// as a regional Elastic Load Balancing account that the bucket policy must name; newer regions use
// the logdelivery.elasticloadbalancing.amazonaws.com service principal. Table as of 2026-11-23 from
// the Elastic Load Balancing user guide for Application Load Balancers, "Enable access logs" →
// "Attach a policy to your S3 bucket" (docs.aws.amazon.com/elasticloadbalancing/latest/application/
// enable-access-logging.html); the same ids as the provider's aws_elb_service_account data source.

export const LEGACY_ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-south-1": "635631232127",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "ap-east-1": "754344448648",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-south-1": "718504428378",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-gov-west-1": "048591011584",
    "us-gov-east-1": "190560391635",
    "cn-north-1": "638102146993",
    "cn-northwest-1": "037604701340",
};

export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/** The bucket-policy principal that delivers this region's ALB access logs. */
export function elbLogDeliveryPrincipal(partition: string, region: string): { AWS: string } | { Service: string } {
    const account = LEGACY_ELB_LOG_ACCOUNTS[region];
    return account ? { AWS: `arn:${partition}:iam::${account}:root` } : { Service: ELB_LOG_DELIVERY_SERVICE };
}

/** Bucket policy: the region's log deliverer may put objects under this account's prefix, over TLS only. */
export function accessLogsBucketPolicy(p: {
    partition: string;
    region: string;
    accountId: string;
    bucketArn: string;
    prefix: string;
}): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AlbAccessLogs",
                Effect: "Allow",
                Principal: elbLogDeliveryPrincipal(p.partition, p.region),
                Action: "s3:PutObject",
                Resource: `${p.bucketArn}/${p.prefix}/AWSLogs/${p.accountId}/*`,
            },
            {
                Sid: "TlsOnly",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [p.bucketArn, `${p.bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
