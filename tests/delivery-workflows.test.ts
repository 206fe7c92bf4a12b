// The GitHub Actions workflows: linted with action-validator (the real schema check, from npm),
// then parsed to check the keys that keep delivery safe: OIDC permissions, no long-lived keys,
// per-stack concurrency, the approval environment on prd, the stack matrix, pinned actions.

import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PROJECT_ROOT } from "./harness/stack-config";

const WORKFLOWS = path.join(PROJECT_ROOT, ".github", "workflows");
const VALIDATOR = path.join(PROJECT_ROOT, "node_modules", "@action-validator", "cli", "cli.mjs");

function validate(file: string): { status: number | null; output: string } {
    const r = spawnSync(process.execPath, [VALIDATOR, file], { encoding: "utf8" });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; if?: string }
interface Job {
    "runs-on": string;
    if?: string;
    needs?: string | string[];
    environment?: string;
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    strategy?: { matrix: { stack: string[] } };
    env?: Record<string, string>;
    steps: Step[];
}
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; concurrency?: { group: string; "cancel-in-progress": boolean }; env?: Record<string, string>; jobs: Record<string, Job> }

function workflow(name: string): Workflow {
    return parseYaml(fs.readFileSync(path.join(WORKFLOWS, name), "utf8")) as Workflow;
}

const allSteps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);

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
        fs.writeFileSync(bad, "name: bad\non: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n        bogus: 1\n");
        assert.strictEqual(validate(bad).status, 1);
    });

    it("every action is pinned to a version, and no long-lived AWS keys appear anywhere", () => {
        for (const f of files) {
            const w = workflow(f);
            for (const s of allSteps(w).filter((s) => s.uses)) assert.match(s.uses!, /^[\w.-]+\/[\w.-]+@v\d+(\.\d+)*$|@[0-9a-f]{40}$/, `${f}: ${s.uses}`);
            const text = fs.readFileSync(path.join(WORKFLOWS, f), "utf8");
            assert.doesNotMatch(text, /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/, f);
        }
    });

    it("pr-preview: AWS preview per stack with OIDC, one comment per stack, only for this repository's branches", () => {
        const w = workflow("pr-preview.yml");
        assert.deepStrictEqual(Object.keys(w.on), ["pull_request"]);
        assert.deepStrictEqual(w.permissions, { contents: "read" });
        const job = w.jobs.preview;
        assert.deepStrictEqual(job.strategy?.matrix.stack, ["dev", "prd"]);
        assert.strictEqual(job.permissions?.["id-token"], "write");
        assert.strictEqual(job.permissions?.["pull-requests"], "write");
        assert.strictEqual(job.if, "github.event.pull_request.head.repo.full_name == github.repository");
        assert.match(job.concurrency?.group ?? "", /\$\{\{ matrix\.stack \}\}/);
        const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
        assert.ok(aws?.with?.["role-to-assume"], "assumes a role with OIDC");
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

    it("deploy: up on dev, then prd behind its environment; one run per stack at a time, never cancelled", () => {
        const w = workflow("deploy.yml");
        assert.deepStrictEqual((w.on.push as { branches: string[] }).branches, ["main"]);
        assert.deepStrictEqual(w.concurrency, { group: "deploy-main", "cancel-in-progress": false });
        const dev = w.jobs["up-dev"];
        const prd = w.jobs["up-prd"];
        assert.strictEqual(prd.needs, "up-dev");
        assert.strictEqual(dev.environment, "dev");
        assert.strictEqual(prd.environment, "prd");
        for (const [stack, job] of [["dev", dev], ["prd", prd]] as const) {
            assert.deepStrictEqual(job.concurrency, { group: `pulumi-stack-${stack}`, "cancel-in-progress": false });
            assert.strictEqual(job.permissions?.["id-token"], "write");
            assert.ok(job.steps.some((s) => s.run === `npm run deploy -- up --stack ${stack}`));
        }
        assert.ok(!JSON.stringify(w).includes("--allow-"), "main never passes a guard-bypass flag");
    });
});
