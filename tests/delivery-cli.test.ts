// The deploy command end to end on this machine, which has no Pulumi CLI: the guards that act
// before the engine is reached still decide, and a missing CLI still leaves summaries saying why.

import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { explainOpenFailure } from "../automation/cli";
import { PROJECT_ROOT } from "../offline/stack-config";

function deploy(args: string[]) {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-"));
    // PATH without any pulumi binary, whatever the machine has installed.
    const env = { ...process.env, PATH: path.dirname(process.execPath) };
    const r = spawnSync(
        process.execPath,
        [
            require.resolve("ts-node/dist/bin"),
            "--transpile-only",
            path.join(PROJECT_ROOT, "automation", "cli.ts"),
            ...args,
            "--out-dir",
            outDir,
        ],
        { encoding: "utf8", env, cwd: PROJECT_ROOT },
    );
    return { status: r.status, stderr: r.stderr, outDir };
}

describe("deploy command (no Pulumi CLI on PATH)", () => {
    it("refuses destroy of prd (platform:protect: true) with exit 3 and a REFUSED summary", () => {
        const r = deploy(["destroy", "--stack", "prd"]);
        assert.strictEqual(r.status, 3, r.stderr);
        const md = fs.readFileSync(path.join(r.outDir, "deploy-prd-destroy.md"), "utf8");
        assert.ok(
            md.startsWith(
                "<!-- platform-preview:prd -->\n### `pulumi destroy` on `prd` (protected)\n\n> **REFUSED**: refusing to destroy prd",
            ),
            md,
        );
        const json = JSON.parse(fs.readFileSync(path.join(r.outDir, "deploy-prd-destroy.json"), "utf8")) as {
            status: string;
            protectedStack: boolean;
        };
        assert.deepStrictEqual([json.status, json.protectedStack], ["refused", true]);
    });

    it("a preview without the CLI fails with exit 1 and says how to install it", () => {
        const r = deploy(["preview", "--stack", "dev", "--no-policy"]);
        assert.strictEqual(r.status, 1, r.stderr);
        const json = JSON.parse(fs.readFileSync(path.join(r.outDir, "deploy-dev-preview.json"), "utf8")) as {
            status: string;
            message: string;
        };
        assert.strictEqual(json.status, "failed");
        assert.match(json.message, /^the Pulumi CLI was not found on PATH/);
    });

    it("bad usage exits 64", () => {
        assert.strictEqual(deploy(["apply", "--stack", "dev"]).status, 64);
    });

    it("explains other open failures by their first line", () => {
        assert.strictEqual(explainOpenFailure(new Error("no stack named 'x'\nmore")), "could not open the stack: no stack named 'x'");
    });
});
