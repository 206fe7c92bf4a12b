// The CrossGuard packs every real `preview` and `up` runs: the project's own pack in policy/ by
// default, plus any named with --policy-pack. The CLI loads a Node.js pack from its directory, so
// the pack's own dependencies must be installed there; without them the CLI fails late and
// obscurely, so the runner checks first.

import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";

/** The project's own pack, always run unless --no-policy (refused on protected stacks). */
export function projectPolicyPack(workDir: string): string {
    return path.join(workDir, "policy");
}

/** Absolute paths of the packs to run: the project's unless disabled, then the extra ones, resolved against the repository root. */
export function policyPacksFor(workDir: string, extra: readonly string[], noPolicy: boolean): string[] {
    const packs = [...(noPolicy ? [] : [projectPolicyPack(workDir)]), ...extra.map((dir) => path.resolve(workDir, dir))];
    return [...new Set(packs)];
}

function runtimeOf(packDir: string): string | undefined {
    const doc = parseYaml(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8")) as { runtime?: unknown } | null;
    const runtime = doc?.runtime;
    if (typeof runtime === "string") return runtime;
    if (runtime && typeof runtime === "object" && typeof (runtime as { name?: unknown }).name === "string")
        return (runtime as { name: string }).name;
    return undefined;
}

/** What stops a pack from loading, with the command that fixes it; undefined when it is ready. */
export function policyPackProblem(packDir: string, workDir: string): string | undefined {
    const relative = path.relative(workDir, packDir);
    const shown = relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : packDir;
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
        return `${shown} is not a policy pack (no PulumiPolicy.yaml there)`;
    }
    if (runtimeOf(packDir) === "nodejs" && !fs.existsSync(path.join(packDir, "node_modules", "@pulumi", "policy"))) {
        return (
            `the policy pack ${shown} has no dependencies installed (${path.join(shown, "node_modules")} lacks @pulumi/policy): ` +
            `run \`npm ci --prefix ${shown}\` before the deploy`
        );
    }
    return undefined;
}
