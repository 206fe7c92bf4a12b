import * as assert from "assert";
import { spawnSync } from "child_process";
import { PROJECT_ROOT } from "../offline/stack-config";

function previewExample(...args: string[]) {
    const r = spawnSync(process.execPath, ["-r", "./tools/ts-register.js", "tools/example-preview.ts", ...args], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        env: { ...process.env, PLATFORM_DEBUG: "" },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("commands: preview:example", () => {
    it("a stack the example does not have, or none: 2 with the usage naming dev and prd", () => {
        for (const args of [[], ["stg"], ["dev", "prd"], ["--help"]]) {
            const r = previewExample(...args);
            assert.strictEqual(r.status, 2, r.stderr);
            assert.match(r.stderr, /^usage: npm run preview:example -- <stack> {3}\(stacks: dev, prd\)$/m);
        }
    });

    it("prd: 0, the app's objects and outputs on the prd platform's Fargate namespace", () => {
        const r = previewExample("prd");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /^├─ aws:eks\/podIdentityAssociation:PodIdentityAssociation {2}web$/m);
        assert.match(r.stdout, /^├─ kubernetes:networking\.k8s\.io\/v1:Ingress {2}web$/m);
        assert.match(r.stdout, /^ {2}workerNamespaceName: "batch"$/m);
    });
});
