// The place `pulumi up` runs from: a CodeBuild-hosted GitHub Actions runner in the stack's private
// subnets. The Kubernetes provider calls the EKS API from wherever the program runs, and prd's
// endpoint is private (dev's allow-list cannot hold GitHub-hosted runners' addresses), so every
// deploy and preview job of the stack runs here. A job asks for it with the label
// `codebuild-<project>-${{ github.run_id }}-${{ github.run_attempt }}`; the job itself assumes the
// deploy role through GitHub's OIDC token, so the project's own role only runs the build.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../../lib/names";
import { tagger } from "../../lib/tags";

export interface DeployRunnerArgs {
    readonly namePrefix: string;
    readonly region: string;
    readonly vpcId: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<string>[];
    /** owner/name of the GitHub repository whose workflow jobs this runner takes. */
    readonly repository: string;
    /** The CodeConnections connection to GitHub (created once by a person; the handshake is manual). */
    readonly connectionArn: string;
    readonly logRetentionDays: number;
    readonly tags: Readonly<Record<string, string>>;
}

/** Amazon Linux 2023 standard image: Node.js, git and the AWS CLI that the deploy jobs use. */
export const RUNNER_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";
/** 4 vCPU / 7 GB: `pulumi up` runs the AWS and Kubernetes provider plugins beside the program. */
export const RUNNER_COMPUTE_TYPE = "BUILD_GENERAL1_MEDIUM";
/** The webhook event that starts a build for a queued job whose labels name this project. */
export const RUNNER_WEBHOOK_EVENT = "WORKFLOW_JOB_QUEUED";

/** What CodeBuild itself does for a project in a VPC: place and remove its network interface. */
export const CODEBUILD_VPC_ACTIONS = [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcs",
] as const;

export class DeployRunner extends pulumi.ComponentResource {
    /** Fixed, because the workflows name it in their `runs-on` label (a repository variable holds it). */
    readonly projectName: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: DeployRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:delivery:Runner", name, {}, opts);
        const parent = { parent: this };
        const projectName = names.deployRunnerProject(args.namePrefix);
        const tagged = tagger(args.tags);
        const partition = aws.getPartitionOutput({}, parent).partition;
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const connectionService = args.connectionArn.split(":")[2];

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: names.deployRunnerLogGroup(args.namePrefix),
                retentionInDays: args.logRetentionDays,
                tags: tagged(projectName),
            },
            parent,
        );

        const sg = new aws.ec2.SecurityGroup(
            `${name}-runner`,
            {
                vpcId: args.vpcId,
                description: `${projectName}: HTTPS out only (GitHub, package registries, AWS APIs, the EKS endpoint)`,
                tags: tagged(projectName),
            },
            parent,
        );
        // DNS goes to the VPC resolver, which security groups do not filter; nothing comes in.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-https-out`,
            {
                securityGroupId: sg.id,
                description: "HTTPS to GitHub, the package registries, AWS APIs and the private EKS endpoint",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "0.0.0.0/0",
                tags: tagged(`${projectName}-https-out`),
            },
            parent,
        );

        const projectArn = pulumi.interpolate`arn:${partition}:codebuild:${args.region}:${accountId}:project/${projectName}`;
        const role = new aws.iam.Role(
            `${name}-runner`,
            {
                description: `CodeBuild service role of ${projectName}: logs, its network interface, the GitHub connection`,
                assumeRolePolicy: pulumi.all([accountId, projectArn]).apply(([account, arn]) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "codebuild.amazonaws.com" },
                                Action: "sts:AssumeRole",
                                // Confused deputy: only this account's project may use the role.
                                Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": arn } },
                            },
                        ],
                    }),
                ),
                tags: tagged(`${projectName}-role`),
            },
            parent,
        );
        const subnetArns = pulumi
            .all([partition, accountId, pulumi.all(args.privateSubnetIds)])
            .apply(([p, account, ids]) => ids.map((id) => `arn:${p}:ec2:${args.region}:${account}:subnet/${id}`));
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-runner`,
            {
                role: role.id,
                policy: pulumi.all([logGroup.arn, partition, accountId, subnetArns]).apply(([logGroupArn, p, account, subnets]) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "Logs",
                                Effect: "Allow",
                                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                                Resource: `${logGroupArn}:*`,
                            },
                            { Sid: "VpcNetworkInterface", Effect: "Allow", Action: [...CODEBUILD_VPC_ACTIONS], Resource: "*" },
                            {
                                Sid: "VpcNetworkInterfacePermission",
                                Effect: "Allow",
                                Action: "ec2:CreateNetworkInterfacePermission",
                                Resource: `arn:${p}:ec2:${args.region}:${account}:network-interface/*`,
                                Condition: {
                                    StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
                                    ArnEquals: { "ec2:Subnet": subnets },
                                },
                            },
                            {
                                Sid: "GitHubConnection",
                                Effect: "Allow",
                                Action: [
                                    `${connectionService}:GetConnection`,
                                    `${connectionService}:GetConnectionToken`,
                                    `${connectionService}:UseConnection`,
                                ],
                                Resource: args.connectionArn,
                            },
                        ],
                    }),
                ),
            },
            parent,
        );

        const project = new aws.codebuild.Project(
            `${name}-runner`,
            {
                name: projectName,
                description: `GitHub Actions runner for ${args.repository}: deploys and previews of ${args.namePrefix} from inside its VPC`,
                serviceRole: role.arn,
                source: {
                    type: "GITHUB",
                    location: `https://github.com/${args.repository}.git`,
                    auth: { type: "CODECONNECTIONS", resource: args.connectionArn },
                },
                artifacts: { type: "NO_ARTIFACTS" },
                environment: {
                    type: "LINUX_CONTAINER",
                    computeType: RUNNER_COMPUTE_TYPE,
                    image: RUNNER_IMAGE,
                    imagePullCredentialsType: "CODEBUILD",
                    privilegedMode: false,
                },
                vpcConfig: { vpcId: args.vpcId, subnets: args.privateSubnetIds, securityGroupIds: [sg.id] },
                logsConfig: { cloudwatchLogs: { groupName: logGroup.name, status: "ENABLED" }, s3Logs: { status: "DISABLED" } },
                buildTimeout: 120,
                queuedTimeout: 60,
                tags: tagged(projectName),
            },
            { ...parent, dependsOn: [rolePolicy] },
        );

        new aws.codebuild.Webhook(
            `${name}-runner`,
            {
                projectName: project.name,
                buildType: "BUILD",
                filterGroups: [{ filters: [{ type: "EVENT", pattern: RUNNER_WEBHOOK_EVENT }] }],
            },
            parent,
        );

        this.projectName = project.name;
        this.securityGroupId = sg.id;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ projectName: this.projectName, securityGroupId: this.securityGroupId });
    }
}
