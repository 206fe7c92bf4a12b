// Regions from a dated table (lib/regions.ts): a typo refused with what it most likely meant,
// azCount held to the zones the region offers, the offline engine answering with each region's
// real zones (and failing for a region AWS does not have), and every ARN-valued setting held to
// the stack's partition.

import * as assert from "assert";
import { partitionOfRegion } from "../lib/aws-facts";
import { closestRegion, editDistance, KNOWN_REGIONS, REGIONS, regionFacts } from "../lib/regions";
import { INVOKE_MODELS, zonesOf } from "../offline/aws-model";
import { runStack } from "../offline/run";
import { configIssueList, configIssues } from "./harness/config-issues";
import { inRegion } from "./harness/regions";

const ctx = (region: string) => ({ region, accountId: "123456789012", callerRole: "deploy" });

describe("regions: the table", () => {
    it("every region's zones are named after it, its zone IDs unique and of one prefix, two or more of them", () => {
        for (const [region, facts] of Object.entries(REGIONS)) {
            assert.ok(facts.zones.length >= 2, region);
            const prefixes = new Set(facts.zones.map(([, id]) => id.replace(/-az\d+$/, "")));
            assert.strictEqual(prefixes.size, 1, `${region}: ${[...prefixes].join(", ")}`);
            assert.strictEqual(new Set(facts.zones.map(([, id]) => id)).size, facts.zones.length, region);
            for (const [name] of facts.zones) assert.match(name, new RegExp(`^${region}[a-z]$`), region);
            assert.strictEqual(
                facts.partition,
                region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws",
                region,
            );
        }
    });

    it("Tokyo as a new account sees it: 1a, 1c, 1d (1b is constrained); Virginia six; N. California two", () => {
        assert.deepStrictEqual(REGIONS["ap-northeast-1"].zones, [
            ["ap-northeast-1a", "apne1-az4"],
            ["ap-northeast-1c", "apne1-az1"],
            ["ap-northeast-1d", "apne1-az2"],
        ]);
        assert.strictEqual(REGIONS["us-east-1"].zones.length, 6);
        assert.strictEqual(REGIONS["us-west-1"].zones.length, 2);
        assert.ok(
            KNOWN_REGIONS.includes("cn-north-1") && KNOWN_REGIONS.includes("us-gov-west-1") && KNOWN_REGIONS.includes("ap-southeast-7"),
        );
        assert.strictEqual(regionFacts("toString"), undefined, "no prototype keys");
    });

    it("what a typo most likely meant", () => {
        assert.strictEqual(editDistance("ap-northeast1", "ap-northeast-1"), 1);
        for (const [typo, meant] of [
            ["ap-northeast1", "ap-northeast-1"],
            ["ap-northest-1", "ap-northeast-1"],
            ["AP-NORTHEAST-1", "ap-northeast-1"],
            ["ap_northeast_1", "ap-northeast-1"],
            ["us-east1", "us-east-1"],
            ["eu-west-4", "eu-west-1"],
        ])
            assert.strictEqual(closestRegion(typo), meant, typo);
        assert.strictEqual(closestRegion("tokyo"), undefined);
    });

    it("the partition of a region is the table's; a region outside it still gets its prefix's", () => {
        assert.deepStrictEqual(
            ["ap-northeast-1", "cn-northwest-1", "us-gov-east-1", "cn-south-9", "us-gov-north-9", "xx-east-1"].map(partitionOfRegion),
            ["aws", "aws-cn", "aws-us-gov", "aws-cn", "aws-us-gov", "aws"],
        );
    });
});

describe("regions: config", () => {
    for (const [typo, meant] of [
        ["ap-northeast1", "ap-northeast-1"],
        ["ap-northest-1", "ap-northeast-1"],
        ["AP-NORTHEAST-1", "ap-northeast-1"],
        [" ap-northeast-1", "ap-northeast-1"],
    ]) {
        it(`refuses "${typo}" with "did you mean ${meant}?" and the list`, () => {
            const issues = configIssueList("dev", { "aws:region": typo });
            assert.strictEqual(issues.length, 1, JSON.stringify(issues));
            assert.strictEqual(issues[0].key, "aws:region");
            assert.match(issues[0].problem, new RegExp(`not an AWS region \\(did you mean ${meant}\\?\\)`));
            for (const r of ["ap-northeast-1", "us-east-1", "cn-north-1", "us-gov-west-1"]) assert.ok(issues[0].allowed.includes(r), r);
        });
    }

    it("refuses a made-up region without a guess, and a region shape that exists nowhere (us-east-7, ap-northeast-9)", () => {
        assert.match(configIssues("dev", { "aws:region": "mars-north-1" })[0], /^aws:region = "mars-north-1": not an AWS region \(allowed/);
        for (const r of ["us-east-7", "ap-northeast-9", "us-isob-east-1", "", " "])
            assert.strictEqual(configIssueList("dev", { "aws:region": r }).length, 1, JSON.stringify(r));
    });

    it("azCount above the region's zones is refused, naming the zones; at the count it is accepted", () => {
        assert.match(
            configIssues("dev", { "platform:azCount": 4 })[0],
            /^platform:azCount = 4: ap-northeast-1 offers 3 availability zones \(ap-northeast-1a, ap-northeast-1c, ap-northeast-1d\) to a new account: apne1-az4, apne1-az1, apne1-az2 \(allowed: 2\.\.3 in ap-northeast-1/,
        );
        assert.deepStrictEqual(configIssues("dev", { "platform:azCount": 3 }), []);
        assert.deepStrictEqual(configIssues("prd", { ...inRegion("us-east-1"), "platform:azCount": 6 }), []);
        assert.match(configIssues("dev", { "aws:region": "us-west-1", "platform:azCount": 3 })[0], /us-west-1 offers 2 availability zones/);
        // prd needs three AZs: not possible in a two-zone region.
        assert.deepStrictEqual(
            configIssueList("prd", { ...inRegion("us-west-1") }).map((i) => i.key),
            ["platform:azCount"],
        );
    });

    const ARN_SETTINGS: [string, unknown][] = [
        ["platform:eksDeployRoleArn", "arn:aws:iam::123456789012:role/gha-platform-dev-deploy"],
        ["platform:eksPreviewRoleArn", "arn:aws:iam::123456789012:role/gha-platform-dev-preview"],
        ["platform:eksAdminPrincipals", ["arn:aws:iam::123456789012:role/platform-admin"]],
        [
            "platform:deployRunnerConnectionArn",
            "arn:aws:codeconnections:ap-northeast-1:123456789012:connection/0d2f4a6c-1b3e-4c5d-8e9f-a0b1c2d3e4f5",
        ],
        ["platform:albCertificateArn", "arn:aws:acm:ap-northeast-1:123456789012:certificate/0d2f4a6c-1b3e-4c5d-8e9f-a0b1c2d3e4f5"],
        ["platform:alarmSubscriptions", ["arn:aws:sqs:ap-northeast-1:123456789012:alarms"]],
    ];

    it("in China, every ARN-valued setting of the commercial partition is refused, naming the partition", () => {
        const china = {
            "aws:region": "cn-north-1",
            "platform:eksDeployRoleArn": "arn:aws-cn:iam::123456789012:role/gha-platform-dev-deploy",
            "platform:eksPreviewRoleArn": "arn:aws-cn:iam::123456789012:role/gha-platform-dev-preview",
            "platform:eksAdminPrincipals": ["arn:aws-cn:iam::123456789012:role/platform-admin"],
            "platform:eksAccess": [{ principal: "arn:aws-cn:iam::123456789012:role/platform-developer", level: "view" }],
            "platform:deployRunnerConnectionArn":
                "arn:aws-cn:codeconnections:cn-north-1:123456789012:connection/0d2f4a6c-1b3e-4c5d-8e9f-a0b1c2d3e4f5",
            "platform:ecsServices": [
                {
                    name: "web",
                    image: "public.ecr.aws/nginx/nginx:stable",
                    port: 80,
                    secrets: { DB: "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf" },
                },
            ],
        };
        assert.deepStrictEqual(configIssues("dev", china), []);
        for (const [key, value] of ARN_SETTINGS) {
            const issues = configIssueList("dev", { ...china, [key]: value });
            assert.ok(issues.length >= 1 && issues.every((i) => i.key === key), `${key}: ${JSON.stringify(issues)}`);
            assert.match(issues[0].problem, /the partition aws is not the one of cn-north-1/, key);
        }
        const secret = configIssueList("dev", {
            ...china,
            "platform:ecsServices": [
                { ...china["platform:ecsServices"][0], secrets: { DB: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" } },
            ],
        });
        assert.deepStrictEqual(
            secret.map((i) => [i.key, i.problem]),
            [["platform:ecsServices[0].secrets.DB", "the partition aws is not the one of cn-north-1"]],
        );
    });

    it("a certificate must be in the stack's region; a secret may be in another region of the partition; an ARN's region must exist", () => {
        assert.match(
            configIssues("dev", {
                "platform:albCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0d2f4a6c-1b3e-4c5d-8e9f-a0b1c2d3e4f5",
            })[0],
            /it is in us-east-1, and it must be in the stack's region ap-northeast-1/,
        );
        const web = { name: "web", image: "public.ecr.aws/nginx/nginx:stable", port: 80 };
        assert.deepStrictEqual(
            configIssues("dev", {
                "platform:ecsServices": [{ ...web, secrets: { DB: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" } }],
            }),
            [],
        );
        assert.match(
            configIssues("dev", {
                "platform:ecsServices": [{ ...web, secrets: { DB: "arn:aws:ssm:ap-northeast-9:123456789012:parameter/db" } }],
            })[0],
            /ap-northeast-9 is not an AWS region/,
        );
        assert.match(
            configIssues("dev", { "platform:alarmSubscriptions": ["arn:aws:lambda:cn-north-1:123456789012:function:f"] })[0],
            /cn-north-1 is a region of aws-cn, not aws/,
        );
    });
});

describe("regions: the offline engine answers with the table's zones", () => {
    it("getAvailabilityZones for several regions is exactly the table's, names and IDs", () => {
        for (const region of ["ap-northeast-1", "us-east-1", "us-west-1", "eu-west-2", "cn-north-1", "us-gov-east-1", "ap-southeast-7"]) {
            const answer = INVOKE_MODELS["aws:index/getAvailabilityZones:getAvailabilityZones"]({}, ctx(region));
            assert.deepStrictEqual(
                answer.names,
                REGIONS[region].zones.map(([n]) => n),
                region,
            );
            assert.deepStrictEqual(
                answer.zoneIds,
                REGIONS[region].zones.map(([, id]) => id),
                region,
            );
        }
    });

    it("a region AWS does not have gets no invented zones: the call fails", () => {
        assert.throws(() => zonesOf("ap-northeast-9"), /invalid AWS Region: ap-northeast-9/);
        assert.throws(
            () => INVOKE_MODELS["aws:index/getAvailabilityZones:getAvailabilityZones"]({}, ctx("xx-nowhere-1")),
            /invalid AWS Region/,
        );
    });

    it("subnets land in the region's real zones, with their zone IDs", async () => {
        const run = await runStack("prd", { ...inRegion("eu-west-2"), "platform:azCount": 4 });
        const subnets = run.graph.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet");
        assert.deepStrictEqual(
            [...new Set(subnets.map((s) => `${String(s.inputs.availabilityZone)} ${String(s.outputs.availabilityZoneId)}`))].sort(),
            REGIONS["eu-west-2"].zones.map(([n, id]) => `${n} ${id}`).sort(),
        );
    });
});
