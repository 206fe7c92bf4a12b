// Tags: every taggable resource carries environment, owner and cost-center (cost allocation and
// ownership; `environment` is also how the other rules know prd).

import { ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord } from "./util";

export const REQUIRED_TAGS = ["environment", "owner", "cost-center"] as const;

/**
 * Taggable types the platform declares or is about to (network, ECS, EKS, images, keys, logs).
 * A resource whose props carry a `tags` key is treated as taggable too, so a type missing here is
 * still checked as soon as anyone tags it; tests/policy.test.ts checks this list against
 * the @pulumi/aws typings.
 */
export const TAGGABLE_TYPES: readonly string[] = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/eip:Eip",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/flowLog:FlowLog",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:kms/key:Key",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/service:Service",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/listener:Listener",
    "aws:ecr/repository:Repository",
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:eks/fargateProfile:FargateProfile",
    "aws:eks/accessEntry:AccessEntry",
    "aws:eks/addon:Addon",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    "eks:index:Cluster",
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    "aws:servicediscovery/service:Service",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:lb/listenerRule:ListenerRule",
    "aws:appautoscaling/target:Target",
    "aws:sns/topic:Topic",
    "aws:sqs/queue:Queue",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:codebuild/project:Project",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:s3/bucket:Bucket",
    "aws:wafv2/webAcl:WebAcl",
    "aws:acm/certificate:Certificate",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    "aws:guardduty/detector:Detector",
];

export const requiredTags: ResourceValidationPolicy = {
    name: "required-tags",
    description: "Every taggable resource carries the environment, owner and cost-center tags.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (!TAGGABLE_TYPES.includes(args.type) && !("tags" in args.props)) return;
        const tags = asRecord(args.props.tags) ?? {};
        const missing = REQUIRED_TAGS.filter((t) => typeof tags[t] !== "string" || tags[t] === "");
        if (missing.length > 0) {
            report(
                `${args.type} ${args.name}: missing tag(s) ${missing.join(", ")}; pass the environment's tags (env.tags: environment, owner, cost-center from stack config) to tags.`,
            );
        }
    },
};

export const tagPolicies = [requiredTags];
