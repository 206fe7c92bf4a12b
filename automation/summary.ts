// The two summaries a run leaves behind: JSON for machines (CI steps, dashboards) and Markdown for
// the pull-request comment. Secret outputs are masked here, before anything is written anywhere.

import type { OpMap, OutputMap } from "@pulumi/pulumi/automation";
import { nameOfUrn, PolicyViolation, ResourceStep } from "./changes";
import { Operation } from "./driver";

export const SECRET_MASK = "[secret]";

export interface ChangeCounts {
    readonly create: number;
    readonly update: number;
    readonly replace: number;
    readonly delete: number;
    readonly same: number;
}

export type RunStatus = "succeeded" | "failed" | "refused" | "locked" | "stack-missing";

export interface RunSummary {
    readonly stack: string;
    readonly operation: Operation;
    readonly status: RunStatus;
    readonly protectedStack: boolean;
    /** A bootstrap run: the Kubernetes provider and everything depending on it were excluded. */
    readonly bootstrap: boolean;
    /** Absolute paths of the policy packs the engine ran (preview and up only). */
    readonly policyPacks: readonly string[];
    readonly changesPresent: boolean;
    readonly counts: ChangeCounts;
    readonly durationSeconds: number;
    readonly steps: readonly ResourceStep[];
    readonly policyViolations: readonly PolicyViolation[];
    /** Stack outputs after the run, secrets replaced by "[secret]"; empty for preview. */
    readonly outputs: Record<string, unknown>;
    readonly message?: string;
}

/** Counts from the engine's OpMap; a replacement may be counted under any of its step kinds. */
export function countChanges(changes: OpMap): ChangeCounts {
    const n = (k: keyof OpMap) => changes[k] ?? 0;
    return {
        create: n("create"),
        update: n("update"),
        replace: Math.max(n("replace"), n("create-replacement"), n("delete-replaced")),
        delete: n("delete"),
        same: n("same"),
    };
}

export function hasChanges(counts: ChangeCounts): boolean {
    return counts.create + counts.update + counts.replace + counts.delete > 0;
}

export function maskOutputs(outputs: OutputMap): Record<string, unknown> {
    return Object.fromEntries(
        Object.keys(outputs)
            .sort()
            .map((k) => [k, outputs[k].secret ? SECRET_MASK : outputs[k].value]),
    );
}

/** The hidden marker by which the PR workflow finds and updates the one comment per stack. */
export function previewMarker(stack: string): string {
    return `<!-- platform-preview:${stack} -->`;
}

const OP_LABEL: Record<string, string> = { create: "create", update: "update", replace: "**replace**", delete: "**delete**" };

export function renderMarkdown(summary: RunSummary): string {
    const c = summary.counts;
    const qualifiers = [summary.protectedStack ? " (protected)" : "", summary.bootstrap ? " (bootstrap)" : ""].join("");
    const title = `### \`pulumi ${summary.operation}\` on \`${summary.stack}\`${qualifiers}`;
    const lines = [previewMarker(summary.stack), title, ""];
    if (summary.status !== "succeeded") {
        lines.push(`> **${summary.status.toUpperCase()}**: ${summary.message ?? "see the job log"}`, "");
    }
    if (summary.bootstrap) {
        lines.push(
            "Bootstrap run: the Kubernetes provider and every resource that depends on it were left out; " +
                "a normal `up` from inside the VPC creates them.",
            "",
        );
    }
    lines.push(
        "| create | update | replace | delete | unchanged |",
        "|---:|---:|---:|---:|---:|",
        `| ${c.create} | ${c.update} | ${c.replace} | ${c.delete} | ${c.same} |`,
        "",
    );
    const changed = summary.steps;
    if (changed.length === 0) {
        if (summary.status === "succeeded" && !summary.changesPresent) lines.push("No changes.");
    } else {
        // Replacements first (they are the ones that cause downtime or lose data), then deletes, then the rest.
        const rank = (op: string) => (op === "replace" ? 0 : op === "delete" ? 1 : op === "create" ? 2 : 3);
        const ordered = [...changed].sort((a, b) => rank(a.op) - rank(b.op) || (a.urn < b.urn ? -1 : 1));
        const replacements = ordered.filter((s) => s.op === "replace");
        if (replacements.length > 0) {
            lines.push(`:warning: **${replacements.length} replacement(s)**: ${replacements.map((s) => `\`${s.name}\``).join(", ")}`, "");
        }
        lines.push("| op | type | name | note |", "|---|---|---|---|");
        for (const s of ordered) {
            const notes = [
                s.protect ? "protected" : "",
                s.replaceKeys.length > 0 ? `replaced because of ${s.replaceKeys.map((k) => `\`${k}\``).join(", ")}` : "",
            ]
                .filter(Boolean)
                .join("; ");
            lines.push(`| ${OP_LABEL[s.op] ?? s.op} | \`${s.type}\` | \`${s.name}\` | ${notes} |`);
        }
    }
    if (summary.policyViolations.length > 0) {
        const cell = (text: string) => text.split("\n")[0].replace(/\|/g, "\\|");
        lines.push(
            "",
            `**Policy violations (${summary.policyViolations.length})**`,
            "",
            "| level | policy | resource | message |",
            "|---|---|---|---|",
        );
        for (const v of summary.policyViolations) {
            lines.push(
                `| ${v.enforcement} | \`${v.pack}/${v.policy}\` | ${v.urn ? `\`${nameOfUrn(v.urn)}\`` : "(stack)"} | ${cell(v.message)} |`,
            );
        }
    }
    lines.push("", `_${summary.durationSeconds.toFixed(1)} s_`);
    return lines.join("\n") + "\n";
}
