// The deploy runner each stack creates: a CodeBuild-hosted GitHub Actions runner in the private
// subnets, the one place that reaches the EKS API, with a role that can only run its builds.

import * as assert from "assert";
import { CODEBUILD_VPC_ACTIONS, RUNNER_COMPUTE_TYPE, RUNNER_IMAGE, RUNNER_WEBHOOK_EVENT } from "../components/delivery/runner";
import { Graph } from "../offline/graph";
import { configIssues } from "./harness/config-issues";
import { parseJson, PolicyDocument } from "./harness/documents";
import { ProgramRun, runStack } from "../offline/run";

const T = {
    project: "aws:codebuild/project:Project",
    webhook: "aws:codebuild/webhook:Webhook",
    role: "aws:iam/role:Role",
    policy: "aws:iam/rolePolicy:RolePolicy",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
};

for (const stack of ["dev", "prd"] as const) {
    describe(`deploy runner (${stack})`, () => {
        let run: ProgramRun;
        let runner: Graph;
        before(async () => {
            run = await runStack(stack);
            runner = run.graph.within("platform:delivery:Runner");
        });

        it("a CodeBuild project for this repository's workflow jobs, in the private subnets, behind its own security group", () => {
            const project = runner.one(T.project);
            const connection = run.config.values["platform:deployRunnerConnectionArn"];
            assert.strictEqual(project.inputs.name, `platform-${stack}-deploy-runner`);
            assert.deepStrictEqual(project.inputs.source, {
                type: "GITHUB",
                location: "https://github.com/example-org/container-platform.git",
                auth: { type: "CODECONNECTIONS", resource: connection },
            });
            assert.deepStrictEqual(project.inputs.environment, {
                type: "LINUX_CONTAINER",
                computeType: RUNNER_COMPUTE_TYPE,
                image: RUNNER_IMAGE,
                imagePullCredentialsType: "CODEBUILD",
                privilegedMode: false,
            });
            const sg = runner.one(T.sg);
            assert.deepStrictEqual(project.inputs.vpcConfig, {
                vpcId: run.outputs.vpcId,
                subnets: run.outputs.privateSubnetIds,
                securityGroupIds: [sg.id],
            });
            const logGroup = runner.one(T.logGroup);
            assert.deepStrictEqual(
                [logGroup.inputs.name, logGroup.inputs.retentionInDays],
                [`/aws/codebuild/platform-${stack}-deploy-runner`, stack === "prd" ? 365 : 14],
            );
            assert.deepStrictEqual(project.inputs.logsConfig, {
                cloudwatchLogs: { groupName: logGroup.outputs.name, status: "ENABLED" },
                s3Logs: { status: "DISABLED" },
            });
            assert.deepStrictEqual(runner.one(T.webhook).inputs.filterGroups, [
                { filters: [{ type: "EVENT", pattern: RUNNER_WEBHOOK_EVENT }] },
            ]);
            assert.strictEqual(RUNNER_WEBHOOK_EVENT, "WORKFLOW_JOB_QUEUED");
            assert.deepStrictEqual(
                [run.outputs.deployRunnerProject, run.outputs.deployRunnerSecurityGroupId],
                [project.inputs.name, sg.id],
            );
        });

        it("the runner sends HTTPS out and admits nothing", () => {
            const sg = runner.one(T.sg);
            assert.deepStrictEqual(
                run.graph
                    .byType(T.egress)
                    .filter((r) => r.inputs.securityGroupId === sg.id)
                    .map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]),
                [["tcp", 443, 443, "0.0.0.0/0"]],
            );
            assert.deepStrictEqual(
                run.graph
                    .byType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
                    .filter((r) => r.inputs.securityGroupId === sg.id),
                [],
            );
        });

        it("its role: trusted by CodeBuild for this project only; logs, its network interfaces in the private subnets, the connection", () => {
            const role = runner.one(T.role);
            const trust = parseJson<PolicyDocument>(role.inputs.assumeRolePolicy);
            assert.deepStrictEqual(trust.Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "codebuild.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "123456789012" },
                        ArnLike: {
                            "aws:SourceArn": `arn:aws:codebuild:ap-northeast-1:123456789012:project/platform-${stack}-deploy-runner`,
                        },
                    },
                },
            ]);
            const policy = parseJson<PolicyDocument>(runner.one(T.policy).inputs.policy);
            const subnets = (run.outputs.privateSubnetIds as string[]).map((id) => `arn:aws:ec2:ap-northeast-1:123456789012:subnet/${id}`);
            const connection = run.config.values["platform:deployRunnerConnectionArn"];
            assert.deepStrictEqual(policy.Statement, [
                {
                    Sid: "Logs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${String(runner.one(T.logGroup).outputs.arn)}:*`,
                },
                { Sid: "VpcNetworkInterface", Effect: "Allow", Action: [...CODEBUILD_VPC_ACTIONS], Resource: "*" },
                {
                    Sid: "VpcNetworkInterfacePermission",
                    Effect: "Allow",
                    Action: "ec2:CreateNetworkInterfacePermission",
                    Resource: "arn:aws:ec2:ap-northeast-1:123456789012:network-interface/*",
                    Condition: {
                        StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
                        ArnEquals: { "ec2:Subnet": subnets },
                    },
                },
                {
                    Sid: "GitHubConnection",
                    Effect: "Allow",
                    Action: ["codeconnections:GetConnection", "codeconnections:GetConnectionToken", "codeconnections:UseConnection"],
                    Resource: connection,
                },
            ]);
            assert.strictEqual(subnets.length, stack === "prd" ? 3 : 2);
            assert.ok(
                runner.one(T.project).dependencies.includes(runner.one(T.policy).urn),
                "the project is created once its role can run it",
            );
        });
    });
}

describe("deploy runner: what config changes", () => {
    it("self-hosted: no CodeBuild project; its security groups reach the API instead", async () => {
        const run = await runStack("prd", {
            "platform:deployRunner": "self-hosted",
            "platform:deployRunnerRepository": "",
            "platform:deployRunnerConnectionArn": "",
            "platform:eksApiAccessSecurityGroupIds": ["sg-0123456789abcdef0"],
        });
        assert.deepStrictEqual(run.graph.byType(T.project), []);
        assert.strictEqual(run.outputs.deployRunnerProject, undefined);
        const ingress = run.graph.within("platform:eks:Cluster").byType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assert.deepStrictEqual(
            ingress.map((r) => r.inputs.referencedSecurityGroupId),
            ["sg-0123456789abcdef0"],
        );
    });

    it("a legacy codestar-connections ARN grants the actions of its own service prefix", async () => {
        const arn = "arn:aws:codestar-connections:ap-northeast-1:123456789012:connection/0d2f4a6c-1b3e-4c5d-8e9f-a0b1c2d3e4f5";
        const run = await runStack("dev", { "platform:deployRunnerConnectionArn": arn });
        const policy = parseJson<PolicyDocument>(run.graph.within("platform:delivery:Runner").one(T.policy).inputs.policy);
        assert.deepStrictEqual(policy.Statement[3].Action, [
            "codestar-connections:GetConnection",
            "codestar-connections:GetConnectionToken",
            "codestar-connections:UseConnection",
        ]);
    });
});

describe("delivery config: where `pulumi up` runs is checked before any resource", () => {
    const cases: [string, string, Record<string, unknown>, string[]][] = [
        [
            "a GitHub-hosted runner for a stack with a cluster",
            "prd",
            { "platform:deployRunner": "github-hosted", "platform:deployRunnerRepository": "", "platform:deployRunnerConnectionArn": "" },
            [
                "platform:deployRunner = github-hosted: a GitHub-hosted runner cannot reach the EKS API (private endpoint, or an allow-list that cannot hold hosted runners' addresses) (allowed: codebuild, or self-hosted inside the VPC / on a VPN)",
            ],
        ],
        [
            "a self-hosted runner nothing admits",
            "prd",
            { "platform:deployRunner": "self-hosted", "platform:deployRunnerRepository": "", "platform:deployRunnerConnectionArn": "" },
            [
                "platform:deployRunner = self-hosted: nothing admits a self-hosted runner to the EKS API (allowed: set eksApiAccessSecurityGroupIds or eksApiAccessCidrs (private endpoint) or eksPublicAccessCidrs (its fixed egress address))",
            ],
        ],
        [
            "codebuild without a repository or a connection",
            "dev",
            { "platform:deployRunnerRepository": "", "platform:deployRunnerConnectionArn": "" },
            [
                "platform:deployRunnerRepository = (unset): required with deployRunner: codebuild (the runner takes this repository's workflow jobs) (allowed: owner/name of a GitHub repository (no https://, no .git))",
                "platform:deployRunnerConnectionArn = (unset): required with deployRunner: codebuild (allowed: arn:aws:codeconnections:ap-northeast-1:<account>:connection/<uuid> (create it once in the console and complete the GitHub handshake))",
            ],
        ],
        [
            "a repository that is not owner/name",
            "dev",
            { "platform:deployRunnerRepository": "https://github.com/example-org/container-platform" },
            [
                'platform:deployRunnerRepository = "https://github.com/example-org/container-platform": invalid value (allowed: owner/name of a GitHub repository (no https://, no .git))',
            ],
        ],
        ...["example-org/container-platform.git", "-org/repo", "org-/repo", "example-org/..", "example-org/a b"].map(
            (repository): [string, string, Record<string, unknown>, string[]] => [
                `the repository ${repository}`,
                "dev",
                { "platform:deployRunnerRepository": repository },
                [
                    `platform:deployRunnerRepository = ${JSON.stringify(repository)}: invalid value (allowed: owner/name of a GitHub repository (no https://, no .git))`,
                ],
            ],
        ),
        [
            "a connection ARN of another partition",
            "dev",
            {
                "platform:deployRunnerConnectionArn":
                    "arn:aws-cn:codeconnections:cn-north-1:123456789012:connection/0d2f4a6c-1b3e-4c5d-8e9f-a0b1c2d3e4f5",
            },
            [
                "platform:deployRunnerConnectionArn = arn:aws-cn:codeconnections:cn-north-1:123456789012:connection/0d2f4a6c-1b3e-4c5d-8e9f-a0b1c2d3e4f5: the partition aws-cn is not the one of ap-northeast-1 (allowed: arn:aws:codeconnections:ap-northeast-1:<account>:connection/<uuid> (create it once in the console and complete the GitHub handshake))",
            ],
        ],
        [
            "runner settings without a CodeBuild runner",
            "prd",
            { "platform:deployRunner": "self-hosted", "platform:eksApiAccessCidrs": ["10.100.0.0/16"] },
            [
                "platform:deployRunnerRepository = (set): only used with deployRunner: codebuild (it is self-hosted) (allowed: empty, or deployRunner: codebuild)",
            ],
        ],
        [
            "a cluster without a deploy role",
            "dev",
            { "platform:eksDeployRoleArn": "" },
            [
                "platform:eksDeployRoleArn = (unset): required with EKS: the identity that runs `pulumi up` must be able to reach the Kubernetes API (allowed: the deploy role's ARN, arn:aws:iam::<account>:role/<name>)",
            ],
        ],
        [
            "an STS session ARN as the deploy role",
            "dev",
            { "platform:eksDeployRoleArn": "arn:aws:sts::123456789012:assumed-role/gha-platform-dev-deploy/gha-123" },
            [
                "platform:eksDeployRoleArn = arn:aws:sts::123456789012:assumed-role/gha-platform-dev-deploy/gha-123: an STS session ARN is not an IAM principal (use the role it assumed: gha-platform-dev-deploy) (allowed: arn:aws:iam::<account>:role/<name> or arn:aws:iam::<account>:user/<name>)",
            ],
        ],
        [
            "a principal of another partition",
            "prd",
            { "platform:eksAdminPrincipals": ["arn:aws-cn:iam::123456789012:role/platform-admin"] },
            [
                "platform:eksAdminPrincipals = arn:aws-cn:iam::123456789012:role/platform-admin: the partition aws-cn is not the one of ap-northeast-1 (allowed: arn:aws:iam::...)",
            ],
        ],
        [
            "the deploy role as preview role",
            "dev",
            { "platform:eksPreviewRoleArn": "arn:aws:iam::123456789012:role/gha-platform-dev-deploy" },
            [
                "platform:eksPreviewRoleArn = arn:aws:iam::123456789012:role/gha-platform-dev-deploy: the preview role is the deploy role: previews would run with cluster-admin (allowed: a separate, read-only role, or empty)",
            ],
        ],
        [
            "a public range admitted to the private endpoint",
            "prd",
            { "platform:eksApiAccessCidrs": ["10.0.0.0/8", "0.0.0.0/1", "172.32.0.0/16"] },
            [
                "platform:eksApiAccessCidrs = 0.0.0.0/1: not inside private address space: the private API endpoint is reached from a VPN or a peered network, never the internet (allowed: CIDRs inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)",
                "platform:eksApiAccessCidrs = 172.32.0.0/16: not inside private address space: the private API endpoint is reached from a VPN or a peered network, never the internet (allowed: CIDRs inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)",
            ],
        ],
        [
            "a security group id that is not one",
            "prd",
            { "platform:eksApiAccessSecurityGroupIds": ["sg-123", "sg-0123456789abcdef0"] },
            ["platform:eksApiAccessSecurityGroupIds = sg-123: not a security group id (allowed: sg- followed by 8 or 17 hex digits)"],
        ],
        [
            "an unknown support policy",
            "prd",
            { "platform:eksSupportType": "LTS" },
            ['platform:eksSupportType = "LTS": invalid value (allowed: STANDARD | EXTENDED)'],
        ],
        [
            "a node group name too long for a prefix and its unique suffix",
            "dev",
            { "platform:eksNodeGroups": [{ name: "a".repeat(37) }] },
            [
                `platform:eksNodeGroups[0].name = "${"a".repeat(37)}": invalid node group name (allowed: 1-36 of A-Z a-z 0-9 - _, starting with a letter or digit (EKS allows 63; the rest is the unique suffix that lets a replacement start before the old group is drained))`,
            ],
        ],
    ];
    for (const [what, stack, overrides, expected] of cases) {
        it(`rejects ${what}`, () => assert.deepStrictEqual(configIssues(stack, overrides), expected));
    }

    it("accepts a 36-character node group name, private CIDRs, and a self-hosted runner admitted by CIDR", () => {
        assert.deepStrictEqual(configIssues("dev", { "platform:eksNodeGroups": [{ name: "a".repeat(36) }] }), []);
        for (const repository of ["a/b", "my-org/my.repo_name-2", "o1/.github"]) {
            assert.deepStrictEqual(configIssues("dev", { "platform:deployRunnerRepository": repository }), [], repository);
        }
        assert.deepStrictEqual(
            configIssues("prd", {
                "platform:deployRunner": "self-hosted",
                "platform:deployRunnerRepository": "",
                "platform:deployRunnerConnectionArn": "",
                "platform:eksApiAccessCidrs": ["10.100.0.0/16", "172.16.0.0/12", "192.168.10.0/24", "100.64.0.0/10"],
            }),
            [],
        );
        assert.deepStrictEqual(
            configIssues("dev", {
                "platform:eksEnabled": false,
                "platform:eksDeployRoleArn": "",
                "platform:deployRunner": "github-hosted",
                "platform:deployRunnerRepository": "",
                "platform:deployRunnerConnectionArn": "",
            }),
            [],
        );
    });
});
