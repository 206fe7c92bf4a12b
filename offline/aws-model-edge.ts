// Output models for the ECS workload and edge resources: operator policies, stopped-task events,
// the ALB access-log bucket, the WAFv2 web ACL, a requested ACM certificate and its DNS record.

import { AwsContext, autoName, hex, partitionOf, ResourceModel } from "./model-kit";

const arn = (ctx: AwsContext, service: string, resource: string, region = ctx.region, account = ctx.accountId) =>
    `arn:${partitionOf(ctx.region)}:${service}:${region}:${account}:${resource}`;
const uuid = (...parts: string[]) => {
    const h = hex(32, ...parts);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
/** S3 bucket sub-resources are identified by their bucket. */
const byBucket: ResourceModel = (_name, inputs) => ({ id: String(inputs.bucket), state: {} });

export const EDGE_RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
    "aws:iam/policy:Policy": (name, inputs, ctx) => {
        const policyName = String(inputs.name ?? autoName(name, "policy"));
        const policyArn = arn(ctx, "iam", `policy${String(inputs.path ?? "/")}${policyName}`, "");
        return {
            id: policyArn,
            state: {
                arn: policyArn,
                name: policyName,
                policyId: `ANPA${hex(17, "policy", name).toUpperCase()}`,
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:cloudwatch/eventRule:EventRule": (name, inputs, ctx) => {
        const ruleName = String(inputs.name ?? autoName(name, "event-rule"));
        return { id: ruleName, state: { name: ruleName, arn: arn(ctx, "events", `rule/${ruleName}`), tagsAll: inputs.tags ?? {} } };
    },
    "aws:cloudwatch/eventTarget:EventTarget": (name, inputs) => {
        const targetId = String(inputs.targetId ?? `terraform-${hex(26, "target", name)}`);
        return { id: `${String(inputs.rule)}-${targetId}`, state: { targetId } };
    },
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": (_name, inputs) => ({ id: String(inputs.policyName), state: {} }),
    "aws:s3/bucket:Bucket": (name, inputs, ctx) => {
        const bucketName = String(inputs.bucket ?? autoName(name, "bucket").toLowerCase());
        return {
            id: bucketName,
            state: {
                bucket: bucketName,
                arn: `arn:${partitionOf(ctx.region)}:s3:::${bucketName}`,
                bucketDomainName: `${bucketName}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucketName}.s3.${ctx.region}.amazonaws.com`,
                region: ctx.region,
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": byBucket,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": byBucket,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": byBucket,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": byBucket,
    "aws:s3/bucketPolicy:BucketPolicy": byBucket,
    "aws:wafv2/webAcl:WebAcl": (name, inputs, ctx) => {
        const aclName = String(inputs.name ?? autoName(name, "web-acl"));
        const id = uuid("web-acl", name);
        return {
            id,
            state: {
                name: aclName,
                arn: arn(ctx, "wafv2", `regional/webacl/${aclName}/${id}`),
                capacity: 1400,
                lockToken: uuid("lock", name),
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": (_name, inputs) => ({
        id: `${String(inputs.webAclArn)},${String(inputs.resourceArn)}`,
        state: {},
    }),
    "aws:acm/certificate:Certificate": (name, inputs, ctx) => {
        const certificateArn = arn(ctx, "acm", `certificate/${uuid("certificate", name)}`);
        const domain = String(inputs.domainName);
        const apex = domain.replace(/^\*\./, "");
        return {
            id: certificateArn,
            state: {
                arn: certificateArn,
                status: "PENDING_VALIDATION",
                domainValidationOptions: [
                    {
                        domainName: domain,
                        resourceRecordName: `_${hex(32, "acm-name", domain)}.${apex}.`,
                        resourceRecordType: "CNAME",
                        resourceRecordValue: `_${hex(32, "acm-value", domain)}.xlfgrmvvlj.acm-validations.aws.`,
                    },
                ],
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:acm/certificateValidation:CertificateValidation": (_name, inputs) => ({
        id: String(inputs.certificateArn),
        state: { certificateArn: inputs.certificateArn },
    }),
    "aws:route53/record:Record": (_name, inputs) => {
        const recordName = String(inputs.name).replace(/\.$/, "");
        return {
            id: `${String(inputs.zoneId)}_${recordName}_${String(inputs.type)}`,
            state: { fqdn: recordName },
        };
    },
};
