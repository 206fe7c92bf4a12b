// IAM documents of an ECS service, as pure functions of the ARNs they name, so tests read exactly
// what AWS will evaluate. The execution role is what ECS uses to start the task (pull the image,
// write the logs, resolve secrets); the task role is what the application runs as.

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
}

export function executionRolePolicy(p: ExecutionPolicyInputs): PolicyDocument {
    const statements: PolicyStatement[] = [];
    if (p.repositoryArn) {
        // GetAuthorizationToken is account-wide: it supports no resource-level permissions.
        statements.push({ Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" });
        statements.push({ Sid: "EcrPull", Effect: "Allow", Action: [...ECR_PULL_ACTIONS], Resource: p.repositoryArn });
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
}

export function taskRolePolicy(p: TaskPolicyInputs): PolicyDocument {
    const statements: PolicyStatement[] = [{ Sid: "EcsExec", Effect: "Allow", Action: [...ECS_EXEC_ACTIONS], Resource: "*" }];
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
