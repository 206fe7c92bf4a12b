// Names: capacity that gets replaced must not carry a fixed physical name (the provider would then
// delete the old resource before creating its successor, or fail), and every physical name obeys
// its AWS resource's rules. The rules are the ones the program checks its own names against.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { NameKind, nameProblem } from "../../lib/names";

/** Capacity types whose replacement must create first: the input that fixes the name, and what to use instead. */
const REPLACEMENT_SAFE: Readonly<Record<string, { readonly fixed: string; readonly instead: string }>> = {
    "aws:eks/nodeGroup:NodeGroup": { fixed: "nodeGroupName", instead: "nodeGroupNamePrefix" },
    "aws:eks/fargateProfile:FargateProfile": { fixed: "fargateProfileName", instead: "no fargateProfileName (auto-named)" },
    "aws:lb/targetGroup:TargetGroup": { fixed: "name", instead: "namePrefix" },
};

/** Physical-name inputs by type, and the rule each obeys. */
const NAMED: Readonly<Record<string, readonly [string, NameKind][]>> = {
    "aws:lb/targetGroup:TargetGroup": [
        ["name", "loadBalancer"],
        ["namePrefix", "targetGroupPrefix"],
    ],
    "aws:lb/loadBalancer:LoadBalancer": [["name", "loadBalancer"]],
    "aws:eks/nodeGroup:NodeGroup": [["nodeGroupNamePrefix", "nodeGroupPrefix"]],
    "aws:ec2/launchTemplate:LaunchTemplate": [["name", "launchTemplate"]],
    "aws:ecr/repository:Repository": [["name", "ecrRepository"]],
    "aws:ecs/taskDefinition:TaskDefinition": [["family", "taskFamily"]],
    "aws:ecs/cluster:Cluster": [["name", "ecsCluster"]],
    "aws:cloudwatch/logGroup:LogGroup": [["name", "logGroup"]],
    "aws:kms/alias:Alias": [["name", "kmsAlias"]],
    "aws:codebuild/project:Project": [["name", "codebuildProject"]],
    "aws:appautoscaling/policy:Policy": [["name", "scalingPolicy"]],
    "aws:ecs/service:Service": [["name", "ecsService"]],
    "aws:servicediscovery/service:Service": [["name", "cloudMapService"]],
    "aws:eks/cluster:Cluster": [["name", "eksCluster"]],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [["name", "alarm"]],
};

export const replacementSafeNames: ResourceValidationPolicy = {
    name: "replacement-safe-names",
    description:
        "Node groups, Fargate profiles and target groups are auto-named or named by prefix, so a replacement creates its successor first.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const rule = REPLACEMENT_SAFE[args.type];
        if (rule && typeof args.props[rule.fixed] === "string") {
            report(
                `${args.type} ${args.name}: a fixed ${rule.fixed} turns every replacement into delete-before-create (capacity gone, or a delete that fails while in use); use ${rule.instead}.`,
            );
        }
    },
};

export const physicalNamesValid: ResourceValidationPolicy = {
    name: "physical-names-valid",
    description: "Physical names obey their AWS resource's length and character rules.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        for (const [input, kind] of NAMED[args.type] ?? []) {
            const value: unknown = args.props[input];
            if (typeof value !== "string") continue;
            const problem = nameProblem(kind, value);
            if (problem) report(`${args.type} ${args.name}: ${input} "${value}" is ${problem}.`);
        }
    },
};

export const namePolicies = [replacementSafeNames, physicalNamesValid];
