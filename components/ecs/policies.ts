// IAM documents of an ECS service, as pure functions of the ARNs they name, so tests read exactly
// what AWS will evaluate. The execution role is what ECS uses to start the task (pull the image,
// write the logs, resolve secrets); the task role is what the application runs as.

import { TaskRoleStatement } from "./args";

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: string[];
    readonly Resource: string | string[];
    readonly Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: PolicyStatement[];
}

/** ECS Exec's channel actions (SSM Session Manager); they support no resource-level permissions. */
export const ECS_EXEC_ACTIONS = [
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
];
export const ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];
export const LOG_WRITE_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"];

export function ecsTasksTrustPolicy(partition: string, region: string, accountId: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                // Confused-deputy guard: only ECS tasks of this account and region.
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:ecs:${region}:${accountId}:*` },
                },
            },
        ],
    };
}

export interface ExecutionPolicyInputs {
    /** ARN of the service's own ECR repository; undefined for public images. */
    readonly repositoryArn?: string;
    readonly logGroupArn: string;
    /** Secrets Manager secret and SSM parameter ARNs the containers reference. */
    readonly secretArns: readonly string[];
    /**
     * With GuardDuty Runtime Monitoring for ECS on Fargate: the repository ARN pattern of GuardDuty's
     * agent sidecar, which ECS pulls with this role (GuardDuty user guide, "Prerequisites for
     * container image access"). The repository name is fixed; the account is GuardDuty's per region.
     */
    readonly guardDutyAgentRepositoryArn?: string;
}

export function executionRolePolicy(p: ExecutionPolicyInputs): PolicyDocument {
    const statements: PolicyStatement[] = [];
    if (p.repositoryArn || p.guardDutyAgentRepositoryArn) {
        // GetAuthorizationToken is account-wide: it supports no resource-level permissions.
        statements.push({ Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" });
    }
    if (p.repositoryArn) {
        statements.push({ Sid: "EcrPull", Effect: "Allow", Action: [...ECR_PULL_ACTIONS], Resource: p.repositoryArn });
    }
    if (p.guardDutyAgentRepositoryArn) {
        statements.push({
            Sid: "GuardDutyAgentPull",
            Effect: "Allow",
            Action: [...ECR_PULL_ACTIONS],
            Resource: p.guardDutyAgentRepositoryArn,
        });
    }
    statements.push({ Sid: "Logs", Effect: "Allow", Action: [...LOG_WRITE_ACTIONS], Resource: `${p.logGroupArn}:log-stream:*` });
    const secrets = p.secretArns.filter((a) => a.split(":")[2] === "secretsmanager").map(stripJsonKey);
    const parameters = p.secretArns.filter((a) => a.split(":")[2] === "ssm");
    if (secrets.length > 0) {
        statements.push({ Sid: "Secrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: unique(secrets) });
    }
    if (parameters.length > 0) {
        statements.push({ Sid: "Parameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: unique(parameters) });
    }
    return { Version: "2012-10-17", Statement: statements };
}

export interface TaskPolicyInputs {
    /** With FireLens the log router writes with the task role. */
    readonly firelensLogGroupArn?: string;
    /** The cluster's ECS Exec transcript group: the SSM agent in the task writes the session there. */
    readonly execLogGroupArn: string;
}

export function taskRolePolicy(p: TaskPolicyInputs): PolicyDocument {
    const statements: PolicyStatement[] = [
        { Sid: "EcsExec", Effect: "Allow", Action: [...ECS_EXEC_ACTIONS], Resource: "*" },
        // What the agent calls to ship a session transcript (ECS developer guide, "ECS Exec":
        // IAM permissions required for logging); DescribeLogGroups takes no resource ARN.
        { Sid: "EcsExecAuditFind", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
        {
            Sid: "EcsExecAuditWrite",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            Resource: [p.execLogGroupArn, `${p.execLogGroupArn}:log-stream:*`],
        },
    ];
    if (p.firelensLogGroupArn) {
        statements.push({
            Sid: "FireLensLogs",
            Effect: "Allow",
            Action: [...LOG_WRITE_ACTIONS],
            Resource: `${p.firelensLogGroupArn}:log-stream:*`,
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * valueFrom may point at one JSON key of a secret ("<secret-arn>:<json-key>:<stage>:<version>");
 * IAM wants the secret's own ARN, which ends after the 7th colon-separated field.
 */
function stripJsonKey(arn: string): string {
    return arn.split(":").slice(0, 7).join(":");
}

function unique(values: string[]): string[] {
    return [...new Set(values)].sort();
}

/** The application's own statements from config, verbatim: Sid, actions and resources as written. */
export function applicationPolicy(statements: readonly TaskRoleStatement[]): object {
    return {
        Version: "2012-10-17",
        Statement: statements.map((st) => ({
            ...(st.sid ? { Sid: st.sid } : {}),
            Effect: "Allow",
            Action: [...st.actions],
            Resource: [...st.resources],
        })),
    };
}

export interface OperatorPolicyInputs {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly clusterName: string;
    readonly clusterArn: string;
}

/** For people who open shells in this cluster's tasks (`aws ecs execute-command`), nothing else. */
export function execOperatorPolicy(p: OperatorPolicyInputs): PolicyDocument {
    const tasks = `arn:${p.partition}:ecs:${p.region}:${p.accountId}:task/${p.clusterName}/*`;
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "Exec", Effect: "Allow", Action: ["ecs:ExecuteCommand"], Resource: [p.clusterArn, tasks] },
            { Sid: "FindTasks", Effect: "Allow", Action: ["ecs:DescribeTasks"], Resource: tasks },
            // ListTasks names container instances, which Fargate has none of: scope it by cluster instead.
            {
                Sid: "ListTasks",
                Effect: "Allow",
                Action: ["ecs:ListTasks"],
                Resource: "*",
                Condition: { ArnEquals: { "ecs:cluster": p.clusterArn } },
            },
        ],
    };
}

export interface OneOffOperatorInputs extends OperatorPolicyInputs {
    /** Task definition family ARNs (no revision) of the one-off tasks. */
    readonly taskDefinitionFamilyArns: readonly string[];
    /** The execution and task roles those task definitions name. */
    readonly roleArns: readonly string[];
}

/** For people and pipelines that run the one-off tasks (scripts/run-oneoff.sh) and nothing else. */
export function oneOffOperatorPolicy(p: OneOffOperatorInputs): PolicyDocument {
    const tasks = `arn:${p.partition}:ecs:${p.region}:${p.accountId}:task/${p.clusterName}/*`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "RunOneOff",
                Effect: "Allow",
                Action: ["ecs:RunTask"],
                Resource: p.taskDefinitionFamilyArns.map((a) => `${a}:*`),
                Condition: { ArnEquals: { "ecs:cluster": p.clusterArn } },
            },
            {
                Sid: "PassTaskRoles",
                Effect: "Allow",
                Action: ["iam:PassRole"],
                Resource: unique([...p.roleArns]),
                Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            },
            { Sid: "WatchTasks", Effect: "Allow", Action: ["ecs:DescribeTasks", "ecs:StopTask"], Resource: tasks },
            { Sid: "ReadTaskDefinitions", Effect: "Allow", Action: ["ecs:DescribeTaskDefinition"], Resource: "*" },
        ],
    };
}
