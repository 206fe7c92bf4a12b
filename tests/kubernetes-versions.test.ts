// kubernetesVersion against EKS's dated support calendar (lib/kubernetes-versions.ts), on an
// injected day: unknown versions refused with the list, versions past extended support refused,
// versions past standard support warned with what they cost; and the calendar kept equal to the
// price table's copy of it.

import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    EKS_CLUSTER_HOURLY_USD,
    extendedSupportSurchargePerMonth,
    KUBERNETES_VERSIONS,
    KUBERNETES_VERSIONS_AS_OF,
    kubernetesVersionStatus,
    offeredKubernetesVersions,
} from "../lib/kubernetes-versions";
import { todayUtc, TODAY_VARIABLE } from "../lib/clock";
import { parseEnvironment } from "../stacks/config";
import { configWarnings } from "../stacks/config-warnings";
import { loadStackConfig, PROJECT_ROOT } from "../offline/stack-config";
import { configIssueList } from "./harness/config-issues";

function issuesOn(day: string, overrides: Record<string, unknown>, stack = "dev"): string[] {
    const config = loadStackConfig(stack, overrides);
    try {
        parseEnvironment(config.values, { project: config.project, stack, today: day });
        return [];
    } catch (e) {
        return (e as { issues: { key: string; value: string; problem: string; allowed: string }[] }).issues.map(
            (i) => `${i.key} = ${i.value}: ${i.problem} (allowed: ${i.allowed})`,
        );
    }
}

function warningsOn(day: string, overrides: Record<string, unknown>): string[] {
    const config = loadStackConfig("dev", overrides);
    const env = parseEnvironment(config.values, { project: config.project, stack: "dev", today: day });
    return configWarnings(env, day).map((w) => `${w.key} = ${w.value}: ${w.problem}`);
}

const addMonths = (day: string, months: number) => {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.toISOString().slice(0, 10);
};

describe("Kubernetes versions: the calendar", () => {
    it("each version: upstream, then EKS, then 14 months of standard support, then 12 of extended", () => {
        for (const [version, d] of Object.entries(KUBERNETES_VERSIONS)) {
            assert.ok(d.upstreamRelease < d.eksRelease, version);
            assert.strictEqual(addMonths(d.eksRelease, 14), d.standardSupportEnds, `${version} standard support`);
            assert.strictEqual(addMonths(d.standardSupportEnds, 12), d.extendedSupportEnds, `${version} extended support`);
        }
    });

    it("pricing/ap-northeast-1.json's standard-support dates are the calendar's, for every version EKS still offers", () => {
        const table = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "pricing", "ap-northeast-1.json"), "utf8")) as {
            eksStandardSupportEnds: Record<string, string>;
            prices: Record<string, number>;
        };
        for (const [version, day] of Object.entries(table.eksStandardSupportEnds))
            assert.strictEqual(day, KUBERNETES_VERSIONS[version]?.standardSupportEnds, `pricing ${version}`);
        for (const version of offeredKubernetesVersions(KUBERNETES_VERSIONS_AS_OF))
            assert.ok(version in table.eksStandardSupportEnds, `pricing/ap-northeast-1.json lacks ${version}`);
        assert.deepStrictEqual(
            [table.prices.eksClusterPerHour, table.prices.eksClusterExtendedSupportPerHour],
            [EKS_CLUSTER_HOURLY_USD.standard, EKS_CLUSTER_HOURLY_USD.extended],
        );
        assert.strictEqual(extendedSupportSurchargePerMonth(), 365);
    });

    it("where a version stands, day by day at the edges", () => {
        const d = KUBERNETES_VERSIONS["1.33"];
        const kind = (day: string) => kubernetesVersionStatus("1.33", day).kind;
        assert.strictEqual(kind("2025-05-28"), "not-yet-released");
        assert.strictEqual(kind(d.eksRelease), "standard");
        assert.strictEqual(kind(d.standardSupportEnds), "standard", "the last day of standard support");
        assert.strictEqual(kind("2026-07-30"), "extended", "billing starts the next day");
        assert.strictEqual(kind(d.extendedSupportEnds), "extended");
        assert.strictEqual(kind("2027-07-30"), "ended");
        assert.strictEqual(kubernetesVersionStatus("1.99", "2026-11-23").kind, "unknown");
        assert.deepStrictEqual(offeredKubernetesVersions("2026-11-23"), ["1.31", "1.32", "1.33", "1.34", "1.35", "1.36"]);
        assert.deepStrictEqual(offeredKubernetesVersions("2026-11-27"), ["1.32", "1.33", "1.34", "1.35", "1.36"]);
    });

    it("today comes from the clock unless PLATFORM_TODAY pins it; a malformed pin is an error", () => {
        assert.strictEqual(todayUtc({}, new Date("2026-11-23T23:59:59Z")), "2026-11-23");
        assert.strictEqual(todayUtc({ [TODAY_VARIABLE]: "2027-04-01" }), "2027-04-01");
        for (const bad of ["2027-4-1", "tomorrow", "2027-13-01"])
            assert.throws(() => todayUtc({ [TODAY_VARIABLE]: bad }), /not a date/, bad);
    });
});

describe("Kubernetes versions: config on a given day", () => {
    const today = "2026-11-23";

    const refused: [string, string, RegExp][] = [
        [
            "a version EKS never had",
            "1.99",
            /^platform:kubernetesVersion = 1\.99: not a Kubernetes version EKS offers \(allowed: "1\.<minor>" that EKS offers on 2026-11-23: 1\.31, 1\.32, 1\.33, 1\.34, 1\.35, 1\.36/,
        ],
        ["a version older than the calendar", "1.20", /not a Kubernetes version EKS offers/],
        ["a version past extended support", "1.30", /EKS support for Kubernetes 1\.30 ended on 2026-07-23/],
        ["a version past extended support (1.29)", "1.29", /ended on 2026-03-23/],
        ["a shape with a v", "v1.35", /^platform:kubernetesVersion = "v1\.35": invalid value/],
        ["a patch version", "1.35.2", /invalid value/],
        ["a one-digit minor", "1.9", /^platform:kubernetesVersion = "1\.9": invalid value/],
        ["empty", "", /invalid value/],
    ];
    for (const [what, version, expected] of refused) {
        it(`refuses ${what} (${JSON.stringify(version)})`, () => {
            const issues = issuesOn(today, { "platform:kubernetesVersion": version });
            assert.strictEqual(issues.length, 1, issues.join("\n"));
            assert.match(issues[0], expected);
        });
    }

    it("refuses a version before EKS offers it, naming the day", () => {
        assert.match(issuesOn("2026-05-01", { "platform:kubernetesVersion": "1.36" })[0], /EKS offers Kubernetes 1\.36 from 2026-06-02/);
    });

    it("a version in extended support needs eksSupportType EXTENDED (EKS cannot turn it off once in it)", () => {
        const issues = issuesOn(today, { "platform:kubernetesVersion": "1.31" });
        assert.strictEqual(issues.length, 1);
        assert.match(issues[0], /^platform:eksSupportType = STANDARD: Kubernetes 1\.31 left standard support on 2025-11-26/);
        assert.match(issues[0], /about \$365 more per month until 2026-11-26/);
        assert.deepStrictEqual(issuesOn(today, { "platform:kubernetesVersion": "1.31", "platform:eksSupportType": "EXTENDED" }), []);
    });

    it("with EXTENDED, a version past standard support is a warning naming the extra monthly cost; in standard support, none", () => {
        const [w] = warningsOn(today, { "platform:kubernetesVersion": "1.33", "platform:eksSupportType": "EXTENDED" });
        assert.match(w, /^platform:kubernetesVersion = 1\.33: standard support for Kubernetes 1\.33 ended on 2026-07-29/);
        assert.match(w, /\$0\.60 instead of \$0\.10 an hour \(about \$365 more per month\), until EKS upgrades it on 2027-07-29/);
        assert.deepStrictEqual(warningsOn(today, { "platform:kubernetesVersion": "1.35" }), []);
        assert.deepStrictEqual(warningsOn("2026-07-29", { "platform:kubernetesVersion": "1.33" }), [], "its last day of standard support");
        assert.strictEqual(
            warningsOn("2026-07-30", { "platform:kubernetesVersion": "1.33", "platform:eksSupportType": "EXTENDED" }).length,
            1,
        );
    });

    it("the stacks' own version (the default 1.35) is in standard support on the table's date", () => {
        assert.deepStrictEqual(configIssueList("dev"), []);
        assert.strictEqual(kubernetesVersionStatus("1.35", KUBERNETES_VERSIONS_AS_OF).kind, "standard");
    });

    it("without EKS the version is not read against the calendar's warnings", () => {
        const config = loadStackConfig("dev", {
            "platform:eksEnabled": false,
            "platform:eksSupportType": "EXTENDED",
            "platform:kubernetesVersion": "1.33",
        });
        const env = parseEnvironment(config.values, { project: config.project, stack: "dev", today });
        assert.deepStrictEqual(configWarnings(env, today), []);
    });
});

describe("Kubernetes versions: warnings in the offline preview", () => {
    it("the preview prints the warning (PLATFORM_TODAY pins the day) and still writes the graph", function () {
        this.timeout(120000);
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "k8s-warn-")), "graph.json");
        const r = spawnSync(
            process.execPath,
            ["-r", "./tools/ts-register.js", "tools/offline-preview.ts", "dev", "--out", out, "--set", "platform:eksSupportType=EXTENDED"],
            { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, [TODAY_VARIABLE]: "2027-04-01" } },
        );
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(
            `${r.stdout}${r.stderr}`,
            /warning: .*platform:kubernetesVersion = 1\.35: standard support for Kubernetes 1\.35 ended on 2027-03-27: the cluster is billed extended support/,
        );
        assert.ok(fs.existsSync(out));
        // And on that day, STANDARD is refused: exit 2 with the config error.
        const refused = spawnSync(process.execPath, ["-r", "./tools/ts-register.js", "tools/offline-preview.ts", "dev", "--out", out], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
            env: { ...process.env, [TODAY_VARIABLE]: "2027-04-01" },
        });
        assert.strictEqual(refused.status, 2, refused.stdout + refused.stderr);
        assert.match(refused.stdout + refused.stderr, /platform:eksSupportType = STANDARD: Kubernetes 1\.35 left standard support/);
    });
});
