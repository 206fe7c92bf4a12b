// Every command fails cleanly: on bad input it exits with its documented status (docs/commands.md)
// and says what is wrong, naming the file, the key or the flag, and never prints a JavaScript stack;
// PLATFORM_DEBUG=1 is the one switch that shows where a failure came from.

import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as deployMain, CliContext } from "../automation/cli";
import { isProtectedStack } from "../automation/protection";
import { debugging, failureText, unexpectedFailureText, writeOutput } from "../lib/commands";
import { previewGraph } from "../offline/snapshot";
import { PROJECT_ROOT } from "../offline/stack-config";
import { ConfigValidationError } from "../stacks/config";
import { RunError } from "@pulumi/pulumi/errors";

const STACK_FRAME = /^\s+at /m;
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** `npm run <tool>` as package.json runs it, without npm's own lines. */
function tool(file: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, ["-r", "./tools/ts-register.js", file, ...args], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        env: { ...process.env, PLATFORM_DEBUG: "", ...env },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertClean(r: { status: number | null; stderr: string }, status: number, message: RegExp): void {
    assert.strictEqual(r.status, status, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, STACK_FRAME, r.stderr);
}

describe("commands: the debug switch and output files", () => {
    it("PLATFORM_DEBUG: on for 1, true, yes; off unset, empty, 0, false, no", () => {
        for (const on of ["1", "true", "yes", "TRUE"]) assert.ok(debugging({ PLATFORM_DEBUG: on }), on);
        for (const off of [undefined, "", "0", "false", "no"]) assert.ok(!debugging({ PLATFORM_DEBUG: off }), String(off));
    });

    it("a failure is its message, or with the switch its stack; an unplanned one says how to see it", () => {
        const e = new Error("broken");
        assert.strictEqual(failureText(e, {}), "broken");
        assert.match(failureText(e, { PLATFORM_DEBUG: "1" }), /^Error: broken\n\s+at /);
        assert.strictEqual(
            unexpectedFailureText(e, {}),
            "broken\n(an unexpected failure: run again with PLATFORM_DEBUG=1 for where it came from)",
        );
        assert.strictEqual(failureText("text", {}), "text");
    });

    it("an output file that cannot be written is a line, not a crash (nor a hang under /proc)", () => {
        assert.match(writeOutput("/proc/nope/out.json", "{}") ?? "", /^cannot write \/proc\/nope\/out\.json: ENOENT$/);
        const dir = tmp("out-");
        fs.writeFileSync(path.join(dir, "file"), "");
        assert.match(writeOutput(path.join(dir, "file", "x.json"), "{}") ?? "", /ENOTDIR|EEXIST/);
        assert.strictEqual(writeOutput(path.join(dir, "a", "b", "x.json"), "{}"), undefined);
    });
});

describe("commands: pulumi preview and up on bad config", () => {
    it("a config error is a RunError, which the Pulumi host prints without a stack", () => {
        const e = new ConfigValidationError("dev", [{ key: "platform:azCount", value: "9", problem: "too many", allowed: "2..6" }]);
        assert.ok(RunError.isInstance(e));
        assert.strictEqual(e.stackName, "dev");
        assert.match(e.stack ?? "", STACK_FRAME, "the JavaScript stack is kept for PLATFORM_DEBUG=1");
    });
});

describe("commands: preview:offline on bad input", () => {
    const preview = (...args: string[]) => tool("tools/offline-preview.ts", args);

    it("a --set value that is not YAML, or one the CLI cannot pass: 2, naming the flag and the key", () => {
        assertClean(preview("dev", "--set", "platform:interfaceEndpoints=[a, b"), 2, /^--set: .*Flow sequence/m);
        assertClean(preview("dev", "--set", "platform:azCount=.nan"), 2, /^--set: platform:azCount: the Pulumi CLI cannot pass \.nan/m);
    });

    it("an output it cannot write: 2, naming the file", () => {
        assertClean(preview("dev", "--out", "/proc/nope/dev.json"), 2, /^cannot write \/proc\/nope\/dev\.json: ENOENT$/m);
    });

    it("a note before the config errors when YAML changed a value, and the hint in the error", () => {
        const r = preview("dev", "--set", "platform:kubernetesVersion=1.30", "--out", path.join(tmp("p-"), "g.json"));
        assertClean(r, 2, /^note: --set: platform:kubernetesVersion: YAML reads the unquoted 1\.30 as a number; the program gets "1\.3"/m);
        assert.match(
            r.stderr,
            /platform:kubernetesVersion = "1\.3": invalid value; YAML reads an unquoted 1\.30 as the number 1\.3: write "1\.30" in quotes/,
        );
    });

    it("a misspelt secret key: 2, the key named, the value not", () => {
        const r = preview("dev", "--set", "platform:dbPasword=hunter2-s3cr3t", "--out", path.join(tmp("p-"), "g.json"));
        assertClean(r, 2, /platform:dbPasword = \(a 14-character string\): unknown key/);
        assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
    });

    it("with PLATFORM_DEBUG=1, the stack is there", () => {
        const r = tool("tools/offline-preview.ts", ["prd", "--set", "platform:azCount=2"], { PLATFORM_DEBUG: "1" });
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, STACK_FRAME);
    });
});

describe("commands: diff:offline on bad input", () => {
    const diff = (...args: string[]) => tool("tools/graph-diff.ts", args);
    let good: string;
    before(async () => {
        good = path.join(tmp("diff-"), "dev.json");
        fs.writeFileSync(good, JSON.stringify(await previewGraph("dev")));
    });

    it("a graph that is missing, not JSON or not a graph: 2, naming the file and what is wrong", () => {
        const dir = tmp("diff-");
        const file = (name: string, text: string) => {
            fs.writeFileSync(path.join(dir, name), text);
            return path.join(dir, name);
        };
        assertClean(diff(path.join(dir, "none.json"), good), 2, /none\.json: cannot read it \(ENOENT\)/);
        assertClean(diff(file("cut.json", '{"stack": "dev", "resources": ['), good), 2, /cut\.json: not JSON \(/);
        assertClean(diff(good, file("list.json", "[]")), 2, /list\.json is not an offline preview graph: stack: /);
        assertClean(
            diff(file("urn.json", '{"stack": "dev", "resources": [{"urn": 1}]}'), good),
            2,
            /urn\.json is not an offline preview graph: resources\.0\.urn: Invalid type: Expected string/,
        );
    });

    it("an output it cannot write, and bad usage: 2", () => {
        assertClean(diff(good, good, "--out", "/proc/nope/diff.md"), 2, /^cannot write \/proc\/nope\/diff\.md: ENOENT$/m);
        assertClean(diff(good), 2, /^usage: npm run diff:offline/);
    });
});

describe("commands: policy:offline on bad input", () => {
    it("an unknown stack, and bad usage: 2", () => {
        assertClean(tool("tools/policy-offline.ts", ["nosuch"]), 2, /no stack file Pulumi\.nosuch\.yaml; stacks here: dev, prd/);
        assertClean(tool("tools/policy-offline.ts", ["--bogus"]), 2, /^unexpected argument --bogus/);
    });
});

describe("commands: deploy on bad input", () => {
    /** The deploy command in this process, against a project in `workDir`, with no Pulumi CLI. */
    async function deploy(argv: string[], workDir = PROJECT_ROOT) {
        let stderr = "";
        const ctx: CliContext = {
            workDir,
            env: { ...process.env, PATH: "/nonexistent", PLATFORM_DEBUG: "" },
            stdout: () => undefined,
            stderr: (t) => (stderr += t),
            now: () => 0,
            sleep: () => Promise.resolve(),
        };
        const status = await deployMain([...argv, "--out-dir", path.join(tmp("deploy-"), "out")], ctx);
        return { status, stderr };
    }

    it("a stack name that is not one (a path out of the project): 64", async () => {
        for (const stack of ["../../etc/passwd", "a b", "org/proj/stack/extra", ""]) {
            const r = await deploy(["up", "--stack", stack]);
            assertClean(r, 64, stack === "" ? /--stack is required/ : /--stack takes a stack name/);
        }
    });

    it("an --out-dir it cannot create: 64", async () => {
        let stderr = "";
        const status = await deployMain(["preview", "--stack", "dev", "--out-dir", "/proc/nope/out"], {
            workDir: PROJECT_ROOT,
            env: { PATH: "/nonexistent" },
            stdout: () => undefined,
            stderr: (t) => (stderr += t),
            now: () => 0,
            sleep: () => Promise.resolve(),
        });
        assertClean({ status, stderr }, 64, /^--out-dir \/proc\/nope\/out: cannot create it \(ENOENT\)/);
    });

    it("a stack file that is not valid YAML: 1 before the CLI, naming file, line and column, also for org/project/stack", async () => {
        const dir = tmp("deploy-yaml-");
        fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), "config:\n  aws:region: ap-northeast-1\n  platform:protect: [true\n");
        for (const [operation, stack] of [
            ["destroy", "bad"],
            ["up", "org/platform/bad"],
        ]) {
            const r = await deploy([operation, "--stack", stack, "--no-policy"].slice(0, operation === "up" ? 4 : 3), dir);
            assertClean(r, 1, /Pulumi\.bad\.yaml:4:\d+: /);
        }
    });

    it('protection is read as the program reads it: a quoted "true" and True protect; yes does not', () => {
        const dir = tmp("protect-");
        const cases: [string, boolean][] = [
            ['"true"', true],
            ["True", true],
            ["TRUE", true],
            ["yes", false],
            ["false", false],
        ];
        for (const [written, protectedStack] of cases) {
            fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), `config:\n  platform:protect: ${written}\n`);
            assert.strictEqual(isProtectedStack("s", dir), protectedStack, written);
            assert.strictEqual(isProtectedStack("org/platform/s", dir), protectedStack, `org/platform/s ${written}`);
        }
    });
});

describe("commands: scripts/run-oneoff.sh on bad input", () => {
    /** The script with only the system's tools on PATH (no pulumi, no aws). */
    const oneoff = (args: string[], env: NodeJS.ProcessEnv = {}) => {
        const r = spawnSync("bash", ["scripts/run-oneoff.sh", ...args], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
            env: { PATH: "/usr/bin:/bin", ...env },
        });
        return { status: r.status, stderr: r.stderr };
    };

    it("bad usage: 2 with the usage", () => {
        for (const args of [[], ["-s"], ["-s", "-x", "api/migrate"], ["migrate"], ["api/migrate", "node"]])
            assertClean(oneoff(args), 2, /usage: scripts\/run-oneoff\.sh/);
    });

    it("a tool missing: 1, naming it", () => {
        assertClean(oneoff(["api/migrate"]), 1, /^run-oneoff: needs pulumi, AWS CLI v2 and jq on PATH; missing: pulumi aws$/m);
    });

    it("a stack whose outputs cannot be read: 2", () => {
        const dir = tmp("oneoff-");
        fs.writeFileSync(path.join(dir, "pulumi"), "#!/bin/sh\necho \"error: no stack named 'nosuch' found\" >&2\nexit 255\n", {
            mode: 0o755,
        });
        fs.writeFileSync(path.join(dir, "aws"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const r = oneoff(["-s", "nosuch", "api/migrate"], { PATH: `${dir}:/usr/bin:/bin` });
        assertClean(r, 2, /run-oneoff: cannot read the outputs of stack nosuch/);
        assert.match(r.stderr, /no stack named 'nosuch'/);
    });

    it("PLATFORM_DEBUG=1 traces the commands", () => {
        assert.match(oneoff(["migrate"], { PLATFORM_DEBUG: "1" }).stderr, /^\+ /m);
    });
});
