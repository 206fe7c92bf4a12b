import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runStack } from "../offline/run";
import { PROJECT_ROOT } from "../offline/stack-config";

/** Fake `pulumi` (prints the offline stack outputs) and `aws` (records its arguments, answers like ECS). */
function fakeTools(outputs: unknown, exitCode: number): { dir: string; calls: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oneoff-"));
    const calls = path.join(dir, "aws-calls.jsonl");
    fs.writeFileSync(path.join(dir, "outputs.json"), JSON.stringify(outputs));
    fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\ncat "${dir}/outputs.json"\n`, { mode: 0o755 });
    fs.writeFileSync(
        path.join(dir, "aws"),
        [
            "#!/bin/sh",
            `node -e 'require("fs").appendFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)) + "\\n")' "${calls}" "$@"`,
            'case "$2" in',
            "  run-task) echo arn:aws:ecs:ap-northeast-1:123456789012:task/platform-prd/0123456789abcdef ;;",
            `  describe-tasks) echo '{"tasks":[{"stoppedReason":"Essential container in task exited","containers":[{"name":"api","exitCode":${exitCode}}]}]}' ;;`,
            "esac",
        ].join("\n") + "\n",
        { mode: 0o755 },
    );
    return { dir, calls };
}

describe("scripts/run-oneoff.sh", () => {
    it("starts the migration from the stack outputs, with a command override, and returns its exit code", async () => {
        const run = await runStack("prd");
        const { dir, calls } = fakeTools(run.outputs, 3);
        const result = spawnSync(
            "bash",
            ["scripts/run-oneoff.sh", "-s", "prd", "api/migrate", "--", "node", "dist/migrate.js", "--to", "2026 11"],
            {
                cwd: PROJECT_ROOT,
                encoding: "utf8",
                env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
            },
        );
        assert.strictEqual(result.status, 3, result.stderr);
        const [runTask, wait, describe] = fs
            .readFileSync(calls, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as string[]);
        const arg = (name: string) => runTask[runTask.indexOf(name) + 1];
        const task = (
            run.outputs.ecsOneOffTasks as Record<string, { taskDefinitionArn: string; securityGroupId: string; subnetIds: string[] }>
        )["api/migrate"];
        assert.deepStrictEqual(runTask.slice(0, 2), ["ecs", "run-task"]);
        assert.strictEqual(arg("--cluster"), run.outputs.ecsClusterArn);
        assert.strictEqual(arg("--task-definition"), task.taskDefinitionArn);
        assert.strictEqual(
            arg("--network-configuration"),
            `awsvpcConfiguration={subnets=[${task.subnetIds.join(",")}],securityGroups=[${task.securityGroupId}],assignPublicIp=DISABLED}`,
        );
        assert.deepStrictEqual(JSON.parse(arg("--overrides")), {
            containerOverrides: [{ name: "api", command: ["node", "dist/migrate.js", "--to", "2026 11"] }],
        });
        assert.deepStrictEqual(
            [wait.slice(0, 2), describe.slice(0, 2)],
            [
                ["ecs", "wait"],
                ["ecs", "describe-tasks"],
            ],
        );
        assert.match(result.stderr, /exit code: 3/);
    });

    it("names the available tasks when asked for an unknown one", async () => {
        const run = await runStack("dev");
        const { dir } = fakeTools(run.outputs, 0);
        const result = spawnSync("bash", ["scripts/run-oneoff.sh", "web/seed"], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
            env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
        });
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /no one-off task "web\/seed"; the stack has: api\/migrate/);
    });
});
