// The GitHub Actions workflows: linted with action-validator (the real schema check, from npm),
// then parsed to check the keys that keep delivery safe: OIDC permissions, no long-lived keys,
// per-stack concurrency, the approval environment on prd, the stack matrix, pinned actions on
// their Node 24 majors, the policy pack's dependencies, and above all where each job runs: every
// job that previews or deploys a stack runs on that stack's in-VPC runner, which
// .github/scripts/deploy-runner.cjs picks (its cases are run here too, as the workflows run it).

import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PROJECT_ROOT } from "../offline/stack-config";

const WORKFLOWS = path.join(PROJECT_ROOT, ".github", "workflows");
const VALIDATOR = path.join(PROJECT_ROOT, "node_modules", "@action-validator", "cli", "cli.mjs");
const RUNNER_SCRIPT = path.join(PROJECT_ROOT, ".github", "scripts", "deploy-runner.cjs");
const STACKS = ["dev", "prd"] as const;
const GITHUB_HOSTED = /^(ubuntu|windows|macos)-/i;

/**
 * The latest major of each action and the Node runtime its action.yml declares (`runs.using`),
 * read 2026-11-23 from the v<major> tag of each repository:
 *   https://github.com/actions/checkout/blob/v7/action.yml                        node24 (v5, v6 too)
 *   https://github.com/actions/setup-node/blob/v7/action.yml                      node24 (v5, v6 too)
 *   https://github.com/actions/upload-artifact/blob/v7/action.yml                 node24 (v6 too; v5 node20)
 *   https://github.com/actions/github-script/blob/v8/action.yml                   node24 (v7 node20)
 *   https://github.com/aws-actions/configure-aws-credentials/blob/v6/action.yml   node24 (v5 node20)
 *   https://github.com/pulumi/actions/blob/v7/action.yml                          node24 (v6 node20)
 * A node24 action needs Actions Runner 2.327.1 or later (actions/setup-node's README, "Breaking
 * changes in V5"); GitHub-hosted and CodeBuild runners bring their own, a self-hosted one must be updated.
 */
const ACTION_MAJORS: Readonly<Record<string, { major: number; using: string }>> = {
    "actions/checkout": { major: 7, using: "node24" },
    "actions/setup-node": { major: 7, using: "node24" },
    "actions/upload-artifact": { major: 7, using: "node24" },
    "actions/github-script": { major: 8, using: "node24" },
    "aws-actions/configure-aws-credentials": { major: 6, using: "node24" },
    "pulumi/actions": { major: 7, using: "node24" },
};

function validate(file: string): { status: number | null; output: string } {
    const r = spawnSync(process.execPath, [VALIDATOR, file], { encoding: "utf8" });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

interface Step {
    id?: string;
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    if?: string;
}
interface Job {
    name?: string;
    "runs-on": string | string[];
    if?: string;
    needs?: string | string[];
    environment?: string;
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    strategy?: { matrix: { stack: string[]; include?: Record<string, string>[] } };
    outputs?: Record<string, string>;
    env?: Record<string, string>;
    steps: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    env?: Record<string, string>;
    jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
    return parseYaml(fs.readFileSync(path.join(WORKFLOWS, name), "utf8")) as Workflow;
}

const allSteps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const needsOf = (j: Job) => (j.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs : [j.needs]);
/** A job that reaches a stack: it runs the delivery CLI or takes AWS credentials. */
const talksToStack = (j: Job) =>
    j.steps.some((s) => s.run?.includes("npm run deploy --") || s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
const isBootstrap = (j: Job) =>
    j.if === "${{ inputs.bootstrap }}" && j.steps.some((s) => /npm run deploy -- up .*--bootstrap$/.test(s.run ?? ""));

interface ScriptRun {
    status: number | null;
    stdout: string;
    outputs: Record<string, string>;
}

/** Runs the runs-on script as a workflow step does: in `root`, RUNNER_* in env, step outputs to $GITHUB_OUTPUT. */
function runRunnerScript(root: string, stacks: readonly string[], vars: Record<string, string>): ScriptRun {
    const outputFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gh-output-")), "output");
    fs.writeFileSync(outputFile, "");
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_OUTPUT: outputFile, ...vars };
    const r = spawnSync(process.execPath, [RUNNER_SCRIPT, ...stacks], { cwd: root, env, encoding: "utf8" });
    const outputs: Record<string, string> = {};
    for (const line of fs.readFileSync(outputFile, "utf8").split("\n").filter(Boolean)) {
        const eq = line.indexOf("=");
        outputs[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return { status: r.status, stdout: `${r.stdout}${r.stderr}`, outputs };
}

/** GitHub's format(): {n} placeholders, {{ and }} for literal braces. */
function ghFormat(template: string, ...args: string[]): string {
    return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, i: string | undefined) => (m === "{{" ? "{" : m === "}}" ? "}" : args[Number(i)]));
}

/** A project root in a temp directory: the real Pulumi.yaml and the given stack files. */
function fakeRoot(stackFiles: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "runner-root-"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    for (const [stack, text] of Object.entries(stackFiles)) fs.writeFileSync(path.join(root, `Pulumi.${stack}.yaml`), text);
    return root;
}

const stackFile = (environment: string, extra = "") =>
    `config:\n  aws:region: eu-west-1 # any region\n  platform:environment: ${environment}\n${extra}`;

/** platform:deployRunner of a real stack file, with the program's default. */
function deployRunnerOf(stack: string): string {
    const doc = parseYaml(fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return (doc.config["platform:deployRunner"] as string | undefined) ?? "codebuild";
}

const RUNS_ON_FROM_RUNNER_JOB =
    /^\$\{\{ fromJSON\(format\(needs\.([\w-]+)\.outputs(?:\.([\w-]+)|\[matrix\.stack\]), github\.run_id, github\.run_attempt\)\) \}\}$/;

/**
 * The labels a stack job asks for, the way GitHub evaluates its runs-on: the runner job's script
 * run with `vars`, its step output mapped to the job output, expanded with this run's id and attempt.
 */
function resolvedRunsOn(w: Workflow, jobId: string, stack: string, vars: Record<string, string>): { labels?: string[]; script: ScriptRun } {
    const job = w.jobs[jobId];
    const m = RUNS_ON_FROM_RUNNER_JOB.exec(String(job["runs-on"]));
    assert.ok(m, `${jobId}: runs-on comes from a runner job's output, not ${JSON.stringify(job["runs-on"])}`);
    const [, runnerJobId, outputName = stack] = m;
    assert.ok(needsOf(job).includes(runnerJobId), `${jobId} needs ${runnerJobId}`);
    const runnerJob = w.jobs[runnerJobId];
    assert.ok(!talksToStack(runnerJob) && runnerJob.permissions?.["id-token"] === undefined, `${runnerJobId} holds no credentials`);
    const pick = runnerJob.steps.find((s) => s.run?.startsWith("node .github/scripts/deploy-runner.cjs "));
    assert.ok(pick?.id, `${runnerJobId} runs the runs-on script in a step with an id`);
    const stacks = pick.run!.split(" ").slice(2);
    assert.ok(stacks.includes(stack), `${runnerJobId} resolves ${stack}`);
    for (const s of stacks) assert.strictEqual(pick.env?.[`RUNNER_${s.toUpperCase()}`], `\${{ vars.RUNNER_${s.toUpperCase()} }}`);
    const script = runRunnerScript(PROJECT_ROOT, stacks, vars);
    const mapping = /^\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(runnerJob.outputs?.[outputName] ?? "");
    assert.ok(mapping && mapping[1] === pick.id, `${runnerJobId}.outputs.${outputName} is the script's output`);
    const template = script.outputs[mapping[2]];
    if (template === undefined) return { script };
    return { labels: JSON.parse(ghFormat(template, "123456789", "2")) as string[], script };
}

describe("delivery workflows", () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));

    it("are pr-preview.yml and deploy.yml", () => {
        assert.deepStrictEqual(files.sort(), ["deploy.yml", "pr-preview.yml"]);
    });

    for (const f of ["deploy.yml", "pr-preview.yml"]) {
        it(`${f} passes action-validator`, () => {
            const r = validate(path.join(WORKFLOWS, f));
            assert.strictEqual(r.status, 0, r.output);
        });
    }

    it("action-validator does reject a broken workflow (so the checks above can fail)", () => {
        const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wf-")), "bad.yml");
        fs.writeFileSync(
            bad,
            "name: bad\non: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n        bogus: 1\n",
        );
        assert.strictEqual(validate(bad).status, 1);
    });

    it("every action is pinned to a version, and no long-lived AWS keys appear anywhere", () => {
        for (const f of files) {
            const w = workflow(f);
            for (const s of allSteps(w).filter((s) => s.uses))
                assert.match(s.uses!, /^[\w.-]+\/[\w.-]+@v\d+(\.\d+)*$|@[0-9a-f]{40}$/, `${f}: ${s.uses}`);
            const text = fs.readFileSync(path.join(WORKFLOWS, f), "utf8");
            assert.doesNotMatch(text, /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/, f);
        }
    });

    it("every action is on its latest major as recorded above, and each of those runs on Node 24", () => {
        for (const [action, { using }] of Object.entries(ACTION_MAJORS)) assert.strictEqual(using, "node24", action);
        const used = new Set<string>();
        for (const f of files) {
            for (const s of allSteps(workflow(f)).filter((s) => s.uses)) {
                const [action, ref] = s.uses!.split("@");
                assert.ok(ACTION_MAJORS[action], `${f}: ${action} is not in the table of checked majors`);
                assert.strictEqual(ref, `v${ACTION_MAJORS[action].major}`, `${f}: ${s.uses}`);
                used.add(action);
            }
        }
        assert.deepStrictEqual([...used].sort(), Object.keys(ACTION_MAJORS).sort(), "the table lists only actions in use");
    });

    it("pr-preview: AWS preview per stack with OIDC, one comment per stack, only for this repository's branches", () => {
        const w = workflow("pr-preview.yml");
        assert.deepStrictEqual(Object.keys(w.on), ["pull_request"]);
        assert.deepStrictEqual(w.permissions, { contents: "read" });
        const job = w.jobs.preview;
        assert.deepStrictEqual(job.strategy?.matrix.stack, ["dev", "prd"]);
        assert.strictEqual(job.permissions?.["id-token"], "write");
        assert.strictEqual(job.permissions?.["pull-requests"], "write");
        assert.strictEqual(job.environment, undefined, "no environment: the OIDC subject is repo:<owner>/<repo>:pull_request");
        assert.strictEqual(job.if, "github.event.pull_request.head.repo.full_name == github.repository");
        assert.strictEqual(w.jobs.runners.if, job.if, "the runner job skips forks too");
        assert.match(job.concurrency?.group ?? "", /\$\{\{ matrix\.stack \}\}/);
        const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
        assert.strictEqual(aws?.with?.["role-to-assume"], "${{ vars[matrix.role-variable] }}");
        assert.deepStrictEqual(job.strategy?.matrix.include, [
            { stack: "dev", "role-variable": "AWS_PREVIEW_ROLE_ARN_DEV" },
            { stack: "prd", "role-variable": "AWS_PREVIEW_ROLE_ARN_PRD" },
        ]);
        const run = job.steps.find((s) => s.run?.includes("npm run deploy -- preview"));
        assert.match(run?.run ?? "", /--stack "\$\{\{ matrix\.stack \}\}" --detailed-exit-code/);
        const comment = job.steps.find((s) => s.uses?.startsWith("actions/github-script@"));
        assert.match(String(comment?.with?.script), /<!-- platform-preview:\$\{\{ matrix\.stack \}\} -->/);
    });

    it("pr-preview: the offline graph diff checks out base and head and needs no credentials", () => {
        const job = workflow("pr-preview.yml").jobs["graph-diff"];
        assert.deepStrictEqual(job.strategy?.matrix.stack, ["dev", "prd"]);
        assert.strictEqual(job.permissions?.["id-token"], undefined);
        assert.strictEqual(job.if, undefined, "runs for forks too");
        assert.strictEqual(job.env, undefined);
        const refs = job.steps.filter((s) => s.uses?.startsWith("actions/checkout@")).map((s) => s.with?.ref);
        assert.deepStrictEqual(refs, ["${{ github.event.pull_request.base.sha }}", "${{ github.event.pull_request.head.sha }}"]);
        assert.ok(job.steps.some((s) => s.run?.includes("npm run --silent diff:offline --")));
        assert.ok(!JSON.stringify(job).includes("secrets."), "uses no secrets");
    });

    it("deploy: up on dev, then prd behind its environment; concurrency per stack only, never cancelled", () => {
        const w = workflow("deploy.yml");
        assert.deepStrictEqual((w.on.push as { branches: string[] }).branches, ["main"]);
        assert.strictEqual(w.concurrency, undefined, "no workflow-level group: a pending prd approval must not hold dev deploys back");
        const dev = w.jobs["up-dev"];
        const prd = w.jobs["up-prd"];
        assert.ok(needsOf(prd).includes("up-dev"));
        assert.strictEqual(dev.environment, "dev");
        assert.strictEqual(prd.environment, "prd");
        for (const [stack, job] of [
            ["dev", dev],
            ["prd", prd],
        ] as const) {
            assert.deepStrictEqual(job.concurrency, { group: `pulumi-stack-${stack}`, "cancel-in-progress": false });
            assert.strictEqual(job.permissions?.["id-token"], "write");
            assert.ok(job.steps.some((s) => s.run === `npm run deploy -- up --stack ${stack}`));
            const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            assert.strictEqual(aws?.with?.["aws-region"], `\${{ needs.runner-${stack}.outputs.region }}`, "the stack's own region");
        }
        assert.ok(!needsOf(dev).includes("runner-prd"), "a stack without a runner does not hold the other's deploy back");
        assert.deepStrictEqual(w.jobs.bootstrap.concurrency, { group: "pulumi-stack-${{ inputs.stack }}", "cancel-in-progress": false });
        const groups = Object.values(w.jobs).flatMap((j) => (j.concurrency ? [j.concurrency.group] : []));
        assert.ok(
            groups.every((g) => g.startsWith("pulumi-stack-")),
            `every group is a stack's: ${groups.join(", ")}`,
        );
        assert.ok(!JSON.stringify(w).includes("--allow-"), "main never passes a guard-bypass flag");
    });

    it("deploy: the header says what the concurrency does (per stack, newest pending run wins)", () => {
        const header = fs.readFileSync(path.join(WORKFLOWS, "deploy.yml"), "utf8").split("\nname:")[0];
        assert.match(header, /Concurrency is per stack only/);
        assert.match(header, /only the newest waits/);
        assert.doesNotMatch(header, /a queued run is not cancelled/);
    });

    it("deploy: the bootstrap dispatch runs only `up --bootstrap` of the chosen stack, in its environment", () => {
        const w = workflow("deploy.yml");
        const inputs = (w.on.workflow_dispatch as { inputs: Record<string, { type: string; default?: unknown; options?: string[] }> })
            .inputs;
        assert.deepStrictEqual([inputs.bootstrap.type, inputs.bootstrap.default], ["boolean", false]);
        assert.deepStrictEqual(inputs.stack.options, [...STACKS]);
        const job = w.jobs.bootstrap;
        assert.ok(isBootstrap(job));
        assert.strictEqual(job.environment, "${{ inputs.stack }}");
        assert.strictEqual(job.permissions?.["id-token"], "write");
        const deploys = job.steps.filter((s) => s.run?.includes("npm run deploy --"));
        assert.deepStrictEqual(
            deploys.map((s) => [s.run, s.env?.STACK]),
            [['npm run deploy -- up --stack "${STACK}" --bootstrap', "${{ inputs.stack }}"]],
        );
        for (const [id, j] of Object.entries(w.jobs)) {
            if (id === "bootstrap") continue;
            const skipped = j.if === "${{ !inputs.bootstrap }}" || needsOf(j).some((n) => w.jobs[n].if === "${{ !inputs.bootstrap }}");
            assert.ok(skipped, `${id} does not run in a bootstrap dispatch`);
        }
        for (const f of files) assert.doesNotMatch(fs.readFileSync(path.join(WORKFLOWS, f), "utf8"), /--create-stack/, f);
    });

    it("only credential-free jobs and the bootstrap run on a runner named in the workflow; every stack job's runner comes from the runs-on script", () => {
        for (const f of files) {
            const w = workflow(f);
            for (const [id, job] of Object.entries(w.jobs)) {
                if (isBootstrap(job)) continue;
                if (talksToStack(job)) {
                    assert.match(String(job["runs-on"]), RUNS_ON_FROM_RUNNER_JOB, `${f} ${id}`);
                } else {
                    assert.strictEqual(job.permissions?.["id-token"], undefined, `${f} ${id}: no OIDC token`);
                    assert.ok(
                        !JSON.stringify([job, w.env ?? {}]).includes("secrets."),
                        `${f} ${id}: no secrets, its own or the workflow's`,
                    );
                    assert.match(String(job["runs-on"]), GITHUB_HOSTED, `${f} ${id}`);
                }
            }
        }
    });

    for (const stack of STACKS) {
        it(`${stack} (platform:deployRunner ${deployRunnerOf(stack)}): its preview and deploy jobs never get a GitHub-hosted runner`, () => {
            const mode = deployRunnerOf(stack);
            assert.notStrictEqual(mode, "github-hosted", `${stack} has an EKS cluster`);
            const project = `platform-${stack}-deploy-runner`;
            const good = mode === "codebuild" ? project : JSON.stringify(["self-hosted", `${stack}-deploy`]);
            const jobs: [Workflow, string][] = [
                [workflow("deploy.yml"), `up-${stack}`],
                [workflow("pr-preview.yml"), "preview"],
            ];
            for (const [w, jobId] of jobs) {
                const vars = { RUNNER_DEV: "", RUNNER_PRD: "", [`RUNNER_${stack.toUpperCase()}`]: good };
                const picked = resolvedRunsOn(w, jobId, stack, vars);
                assert.ok(picked.labels, `${jobId}: ${picked.script.stdout}`);
                if (mode === "codebuild") assert.deepStrictEqual(picked.labels, [`codebuild-${project}-123456789-2`]);
                assert.ok(
                    picked.labels.every((l) => !GITHUB_HOSTED.test(l)),
                    picked.labels.join(","),
                );
                for (const bad of ["", "ubuntu-24.04", '["ubuntu-latest"]', '["self-hosted","ubuntu-24.04"]']) {
                    const refused = resolvedRunsOn(w, jobId, stack, { ...vars, [`RUNNER_${stack.toUpperCase()}`]: bad });
                    assert.strictEqual(refused.labels, undefined, `${jobId} with RUNNER_${stack.toUpperCase()}=${bad}`);
                    assert.strictEqual(refused.script.status, 1);
                    assert.match(refused.script.stdout, new RegExp(`::error title=No runner for ${stack}::`));
                }
            }
        });
    }

    it("the policy pack's dependencies are installed before every preview and up", () => {
        for (const f of files) {
            for (const [id, job] of Object.entries(workflow(f).jobs)) {
                const at = (pred: (s: Step) => boolean) => job.steps.findIndex(pred);
                const deploy = at((s) => /npm run deploy -- (preview|up)\b/.test(s.run ?? ""));
                if (deploy < 0) continue;
                const root = at((s) => (s.run ?? "").trim() === "npm ci --no-audit --no-fund");
                const policy = at((s) => (s.run ?? "").trim() === "npm ci --prefix policy --no-audit --no-fund");
                assert.ok(root >= 0 && root < deploy, `${f} ${id}: npm ci before the deploy step`);
                assert.ok(policy >= 0 && policy < deploy, `${f} ${id}: npm ci --prefix policy before the deploy step`);
            }
        }
    });

    it("every job that takes AWS credentials checks first that its role variable is set (else the runner's own credentials would stay)", () => {
        for (const f of files) {
            for (const [id, job] of Object.entries(workflow(f).jobs)) {
                const credentials = job.steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
                if (credentials < 0) continue;
                const guard = job.steps[credentials - 1];
                assert.match(guard?.run ?? "", /^test -n "\$ROLE" \|\| \{ echo "::error::/, `${f} ${id}`);
                assert.strictEqual(
                    guard.env?.ROLE,
                    job.steps[credentials].with?.["role-to-assume"],
                    `${f} ${id}: the guard checks the role the next step assumes`,
                );
            }
        }
    });
});

describe(".github/scripts/deploy-runner.cjs (runs-on per stack)", () => {
    it("codebuild (the default when platform:deployRunner is absent): the project's label with the job's run id and attempt", () => {
        const root = fakeRoot({ dev: stackFile("dev") });
        const r = runRunnerScript(root, ["dev"], { RUNNER_DEV: "platform-dev-deploy-runner" });
        assert.strictEqual(r.status, 0, r.stdout);
        assert.deepStrictEqual(r.outputs, { dev: '["codebuild-platform-dev-deploy-runner-{0}-{1}"]', "dev-region": "eu-west-1" });
        assert.deepStrictEqual(JSON.parse(ghFormat(r.outputs.dev, "42", "3")), ["codebuild-platform-dev-deploy-runner-42-3"]);
    });

    it("self-hosted: the JSON list as given, braces kept through format()", () => {
        const root = fakeRoot({ prd: stackFile("prd", "  platform:deployRunner: 'self-hosted'\n") });
        const labels = ["self-hosted", "linux", "prd-{vpn}"];
        const r = runRunnerScript(root, ["prd"], { RUNNER_PRD: JSON.stringify(labels) });
        assert.strictEqual(r.status, 0, r.stdout);
        assert.deepStrictEqual(JSON.parse(ghFormat(r.outputs.prd, "42", "3")), labels);
        assert.strictEqual(r.outputs["prd-region"], "eu-west-1");
    });

    it("a missing variable fails with what to set, and writes no output for that stack", () => {
        const root = fakeRoot({ dev: stackFile("dev"), prd: stackFile("prd") });
        const r = runRunnerScript(root, ["dev", "prd"], { RUNNER_DEV: "platform-dev-deploy-runner" });
        assert.strictEqual(r.status, 1);
        assert.match(
            r.stdout,
            /::error title=No runner for prd::.*RUNNER_PRD is not set: set it to the stack's deployRunnerProject output \(platform-prd-deploy-runner\)/,
        );
        assert.deepStrictEqual(Object.keys(r.outputs), ["dev", "dev-region"]);
    });

    it("a codebuild stack refuses a GitHub-hosted label, a label list, and another stack's project", () => {
        const root = fakeRoot({ prd: stackFile("prd") });
        for (const [value, why] of [
            ["ubuntu-24.04", /names that CodeBuild project, not a runner label/],
            ['["self-hosted","linux"]', /names that CodeBuild project, not a runner label/],
            ["platform-dev-deploy-runner", /"platform-dev-deploy-runner", but prd's runner is "platform-prd-deploy-runner"/],
        ] as const) {
            const r = runRunnerScript(root, ["prd"], { RUNNER_PRD: value });
            assert.strictEqual(r.status, 1, value);
            assert.match(r.stdout, why, value);
            assert.deepStrictEqual(r.outputs, {}, value);
        }
    });

    it("a self-hosted stack refuses GitHub-hosted labels, lists without self-hosted, and what is not a list", () => {
        const root = fakeRoot({ prd: stackFile("prd", "  platform:deployRunner: self-hosted # VPN runner\n") });
        for (const [value, why] of [
            ['["ubuntu-latest"]', /asks for GitHub-hosted ubuntu-latest/],
            ['["linux","prd-deploy"]', /must include the label "self-hosted"/],
            ["self-hosted", /must be a JSON list of runner labels/],
            ["", /RUNNER_PRD is not set/],
        ] as const) {
            const r = runRunnerScript(root, ["prd"], { RUNNER_PRD: value });
            assert.strictEqual(r.status, 1, value);
            assert.match(r.stdout, why, value);
        }
    });

    it("github-hosted only for a stack without EKS, ubuntu-24.04 unless a variable says otherwise", () => {
        const withEks = fakeRoot({ dev: stackFile("dev", "  platform:deployRunner: github-hosted\n") });
        const refused = runRunnerScript(withEks, ["dev"], {});
        assert.strictEqual(refused.status, 1);
        assert.match(refused.stdout, /has an EKS cluster .* whose API a GitHub-hosted runner cannot reach/);
        const noEks = fakeRoot({ dev: stackFile("dev", "  platform:deployRunner: github-hosted\n  platform:eksEnabled: false\n") });
        assert.deepStrictEqual(runRunnerScript(noEks, ["dev"], {}).outputs.dev, '["ubuntu-24.04"]');
        assert.deepStrictEqual(runRunnerScript(noEks, ["dev"], { RUNNER_DEV: "ubuntu-24.04-arm" }).outputs.dev, '["ubuntu-24.04-arm"]');
    });

    it("refuses an unknown mode, a value it cannot read plainly, and a stack without a file", () => {
        const root = fakeRoot({
            dev: stackFile("dev", "  platform:deployRunner: codebild\n"),
            prd: stackFile("prd", "  platform:deployRunner: [codebuild]\n"),
        });
        const r = runRunnerScript(root, ["dev", "prd", "stg"], {
            RUNNER_DEV: "platform-dev-deploy-runner",
            RUNNER_PRD: "platform-prd-deploy-runner",
        });
        assert.strictEqual(r.status, 1);
        assert.match(r.stdout, /platform:deployRunner is "codebild"; it takes codebuild \| self-hosted \| github-hosted/);
        assert.match(r.stdout, /write platform:deployRunner as a plain value/);
        assert.match(r.stdout, /Pulumi\.stg\.yaml does not exist: stacks are created by a person/);
    });

    it("reads every plain config value of the real stack files as a YAML parser does, and nothing else", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the runner script is plain CommonJS (.cjs), outside the TypeScript program
        const { readScalars } = require(RUNNER_SCRIPT) as {
            readScalars: (text: string) => { config: Record<string, string | undefined>; complex: Set<string> };
        };
        for (const stack of STACKS) {
            const text = fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8");
            const parsed = (parseYaml(text) as { config: Record<string, unknown> }).config;
            const mine = readScalars(text);
            assert.deepStrictEqual(Object.keys(mine.config), Object.keys(parsed), stack);
            for (const [key, value] of Object.entries(parsed)) {
                const plain = ["string", "number", "boolean"].includes(typeof value);
                assert.strictEqual(mine.config[key], plain ? String(value) : undefined, `${stack} ${key}`);
                assert.strictEqual(mine.complex.has(key), !plain, `${stack} ${key}`);
            }
        }
    });
});
