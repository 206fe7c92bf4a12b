// `npm run bench`'s pure parts: the statistics (exact values on small inputs), the generated
// configs (valid for the real validator, so the timed runs never stop at exit code 2), the
// command line, and the results file's shape and key order. The CLI-style load is run for real
// (it is also what proves how `pulumi up` loads the program), but its figures are never judged.

import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { parseEnvironment } from "../stacks/config";
import { configIssueList } from "./harness/config-issues";
import { runStack } from "../offline/run";
import { loadStackConfig } from "../offline/stack-config";
import { ChildFailure, CLI_LOAD_MODES, cliLoadOnce, measureCliLoad } from "../tools/bench/measure";
import { parseBenchArgs, USAGE, UsageError } from "../tools/bench/options";
import { buildResults, RawResults, renderMarkdown, renderSummary, RunSample, serializeResults } from "../tools/bench/results";
import { ECS_SERIES, EKS_SERIES, generateEcsServices, setArguments } from "../tools/bench/scenarios";
import { linearFit, marginalCosts, median, round } from "../tools/bench/stats";

describe("bench: statistics", () => {
    it("median of odd and even counts, without reordering the input", () => {
        const values = [5, 1, 3];
        assert.equal(median(values), 3);
        assert.deepEqual(values, [5, 1, 3]);
        assert.equal(median([4, 1, 3, 2]), 2.5);
        assert.equal(median([7]), 7);
        assert.throws(() => median([]), /no values/);
    });

    it("linear fit: a line exactly, and a known scatter", () => {
        assert.deepEqual(linearFit([1, 2, 3, 4], [3, 5, 7, 9]), { slope: 2, intercept: 1, r2: 1 });
        // By hand: mean x 1.5, mean y 2.75, Sxx 5, Sxy 5.5, Syy 8.75, residual sum of squares 2.7.
        const fit = linearFit([0, 1, 2, 3], [1, 3, 2, 5]);
        assert.ok(Math.abs(fit.slope - 1.1) < 1e-12, `slope ${fit.slope}`);
        assert.ok(Math.abs(fit.intercept - 1.1) < 1e-12, `intercept ${fit.intercept}`);
        assert.ok(Math.abs(fit.r2 - (1 - 2.7 / 8.75)) < 1e-12, `r2 ${fit.r2}`);
        assert.deepEqual(linearFit([1, 2], [4, 4]), { slope: 0, intercept: 4, r2: 1 });
    });

    it("linear fit refuses what has no line", () => {
        assert.throws(() => linearFit([1], [1]), /at least two points/);
        assert.throws(() => linearFit([2, 2], [1, 3]), /distinct x/);
        assert.throws(() => linearFit([1, 2], [1]), /2 x values against 1/);
    });

    it("marginal costs per step, in x order", () => {
        assert.deepEqual(
            marginalCosts([
                { x: 20, y: 150 },
                { x: 0, y: 0 },
                { x: 10, y: 50 },
            ]),
            [5, 10],
        );
        assert.deepEqual(marginalCosts([{ x: 1, y: 1 }]), []);
    });

    it("rounds half away from zero, and never to -0", () => {
        assert.equal(round(1234.5), 1235);
        assert.equal(round(-1234.5), -1235);
        assert.equal(round(217.249, 1), 217.2);
        assert.ok(Object.is(round(-0.04, 1), 0));
    });
});

describe("bench: generated configs pass the real validator", () => {
    function environment(overrides: Record<string, unknown>) {
        const config = loadStackConfig("dev", overrides);
        return parseEnvironment(config.values, { project: config.project, stack: "dev" });
    }

    it("3 ECS services: distinct names and path patterns", () => {
        const services = generateEcsServices(3);
        assert.deepEqual(
            services.map((s) => [s.name, s.pathPattern]),
            [
                ["svc-001", "/svc-001/*"],
                ["svc-002", "/svc-002/*"],
                ["svc-003", "/svc-003/*"],
            ],
        );
        const env = environment(ECS_SERIES.scenario(3).overrides);
        assert.deepEqual(
            env.ecs.services.map((s) => s.name),
            ["svc-001", "svc-002", "svc-003"],
        );
    });

    it("3 ECS services become 3 ECS services in the graph", async () => {
        const run = await runStack("dev", ECS_SERIES.scenario(3).overrides);
        assert.equal(run.graph.resources.filter((r) => r.type === "aws:ecs/service:Service").length, 3);
    });

    it("3 EKS node groups plus 3 Fargate profiles, in the config and in the graph", async () => {
        const overrides = EKS_SERIES.scenario(3).overrides;
        const env = environment(overrides);
        assert.deepEqual(
            env.eks.nodeGroups.map((g) => g.name),
            ["ng-001", "ng-002", "ng-003"],
        );
        assert.deepEqual(
            env.eks.fargateProfiles.map((p) => p.name),
            ["fp-001", "fp-002", "fp-003"],
        );
        const counts = (await runStack("dev", overrides)).graph.countsByType();
        // Plus the Fargate pod metrics collector's own profile.
        assert.deepEqual([counts["aws:eks/nodeGroup:NodeGroup"], counts["aws:eks/fargateProfile:FargateProfile"]], [3, 4]);
    });

    it("every N the benchmark runs is valid, the largest included", () => {
        for (const series of [ECS_SERIES, EKS_SERIES]) {
            for (const n of series.counts) {
                assert.deepEqual(configIssueList("dev", series.scenario(n).overrides), [], `${series.id} N=${n}`);
            }
        }
    });

    it("--set arguments carry the values as the offline preview parses them (YAML, here JSON)", () => {
        const overrides = EKS_SERIES.scenario(2).overrides;
        const args = setArguments(overrides);
        assert.deepEqual(
            args.filter((_, i) => i % 2 === 0),
            ["--set", "--set"],
        );
        const parsed = Object.fromEntries(
            args
                .filter((_, i) => i % 2 === 1)
                .map((a) => {
                    const eq = a.indexOf("=");
                    return [a.slice(0, eq), parseYaml(a.slice(eq + 1)) as unknown];
                }),
        );
        assert.deepEqual(parsed, JSON.parse(JSON.stringify(overrides)));
    });
});

describe("bench: command line", () => {
    const root = path.join(path.sep, "project");

    it("defaults: 5 runs, tests timed, bench/results.json", () => {
        assert.deepEqual(parseBenchArgs([], root), {
            runs: 5,
            quick: false,
            skipTests: false,
            out: path.join(root, "bench", "results.json"),
        });
    });

    it("--quick is one run without the tests, unless --runs says otherwise", () => {
        assert.deepEqual(parseBenchArgs(["--quick"], root), {
            runs: 1,
            quick: true,
            skipTests: true,
            out: path.join(root, "bench", "results.json"),
        });
        assert.equal(parseBenchArgs(["--quick", "--runs", "3"], root).runs, 3);
        assert.equal(parseBenchArgs(["--skip-tests"], root).skipTests, true);
    });

    it("--out is relative to the working directory; bad values are usage errors", () => {
        assert.equal(
            parseBenchArgs(["--out", "x/r.json"], root, path.join(path.sep, "here")).out,
            path.join(path.sep, "here", "x", "r.json"),
        );
        for (const argv of [["--runs", "0"], ["--runs", "2.5"], ["--runs"], ["--out"], ["--fast"]]) {
            assert.throws(() => parseBenchArgs(argv, root), UsageError, argv.join(" "));
        }
    });

    it("usage errors say what is wrong, then the usage", () => {
        const cases: [string[], string][] = [
            [["--fast"], "unexpected argument --fast"],
            [["extra"], "unexpected argument extra"],
            [["--runs"], '--runs takes an integer of at least 1, not ""'],
            [["--runs", "-1"], '--runs takes an integer of at least 1, not "-1"'],
            [["--runs", "0"], '--runs takes an integer of at least 1, not "0"'],
            [["--out"], "--out takes a file"],
            [["--out", "--quick"], "--out takes a file"],
        ];
        for (const [argv, first] of cases) {
            assert.throws(
                () => parseBenchArgs(argv, root),
                (e: unknown) => e instanceof UsageError && e.message === `${first}\n${USAGE}`,
                argv.join(" "),
            );
        }
        assert.throws(
            () => parseBenchArgs(["-h"], root),
            (e: unknown) => e instanceof UsageError && e.message === USAGE,
        );
    });
});

describe("bench: the results file", () => {
    // Evaluation: 400 ms of start-up less than the wall time, unless a test gives its own.
    const samples = (
        resourceCount: number,
        wallMs: readonly number[],
        maxRssKiB: readonly number[],
        evaluateMs?: readonly number[],
    ): RunSample[] => wallMs.map((w, i) => ({ wallMs: w, evaluateMs: evaluateMs?.[i] ?? w - 400, maxRssKiB: maxRssKiB[i], resourceCount }));
    const ecs = { id: "ecsServices", title: "ECS services", baseStack: "dev", configKeys: ["platform:ecsServices"] };
    const eks = {
        id: "eksNodeGroupsAndFargateProfiles",
        title: "EKS",
        baseStack: "dev",
        configKeys: ["platform:eksNodeGroups", "platform:eksFargateProfiles"],
    };
    const raw: RawResults = {
        date: new Date("2026-01-02T03:04:05.000Z"),
        commit: "abc1234",
        uncommittedChanges: false,
        runs: 3,
        warmupRuns: 1,
        quick: false,
        machine: { cpus: 2, cpuModel: "Test CPU", totalMemoryBytes: 8 * 1024 ** 3, node: "v20.0.0", platform: "linux", arch: "x64" },
        previews: [
            { stack: "dev", samples: samples(100, [1200.2, 1000.4, 1100.6], [204800, 102400, 153700]) },
            { stack: "prd", samples: samples(200, [3200, 3100, 3300], [204800, 204800, 204800]) },
        ],
        cliLoad: [
            {
                mode: { id: "typeChecked", label: "checked" },
                samples: [
                    { wallMs: 15000.4, requireMs: 14000.6, maxRssKiB: 870400 },
                    { wallMs: 14000, requireMs: 13000, maxRssKiB: 860160 },
                    { wallMs: 16000, requireMs: 15000, maxRssKiB: 880640 },
                ],
            },
            {
                mode: { id: "transpileOnly", label: "transpiled" },
                samples: [
                    { wallMs: 2500, requireMs: 1800, maxRssKiB: 184320 },
                    { wallMs: 2400, requireMs: 1700, maxRssKiB: 184320 },
                    { wallMs: 2600, requireMs: 1900, maxRssKiB: 184320 },
                ],
            },
        ],
        tests: {
            command: "mocha",
            wallMs: 25000.4,
            maxRssKiB: 512000,
            exitCode: 0,
            counts: { tests: 10, passes: 9, failures: 0, pending: 1 },
        },
        scaling: [
            {
                series: ecs,
                // Exactly 5 ms per resource on top of 500 ms.
                points: [
                    { n: 100, label: "dev with 100 ECS services", samples: samples(1100, [6000, 6000, 6000], [409600, 409600, 409600]) },
                    { n: 1, label: "dev with 1 ECS service", samples: samples(100, [1000, 1000, 1000], [102400, 102400, 102400]) },
                    // Two runs slowed by a busy neighbour: the fit takes the fastest, which is on the line.
                    {
                        n: 10,
                        label: "dev with 10 ECS services",
                        samples: samples(200, [1500, 1500, 1500], [133120, 133120, 133120], [1400, 1100, 1250]),
                    },
                ],
            },
            {
                series: eks,
                points: [
                    { n: 1, label: "one", samples: samples(120, [1000, 1000, 1000], [102400, 102400, 102400]) },
                    { n: 5, label: "five", samples: samples(132, [1060, 1060, 1060], [102400, 102400, 102400]) },
                ],
            },
        ],
    };

    it("keys in a fixed order at every level", () => {
        const results = JSON.parse(serializeResults(buildResults(raw))) as Record<string, Record<string, unknown>>;
        assert.deepEqual(Object.keys(results), [
            "date",
            "commit",
            "uncommittedChanges",
            "runs",
            "warmupRuns",
            "quick",
            "machine",
            "preview",
            "cliLoad",
            "tests",
            "scaling",
            "targets",
        ]);
        assert.deepEqual(Object.keys(results.cliLoad), ["method", "modes"]);
        const modes = results.cliLoad.modes as Record<string, object>;
        assert.deepEqual(Object.keys(modes), ["typeChecked", "transpileOnly"]);
        assert.deepEqual(Object.keys(modes.typeChecked), ["label", "wallMs", "requireMs", "peakRssMiB"]);
        assert.deepEqual(Object.keys(results.machine), ["cpus", "cpuModel", "memoryGiB", "node", "platform", "arch"]);
        assert.deepEqual(Object.keys(results.preview), ["dev", "prd"]);
        assert.deepEqual(Object.keys(results.preview.dev as object), [
            "resourceCount",
            "wallMs",
            "evaluateMs",
            "peakRssMiB",
            "msPerResource",
        ]);
        assert.deepEqual(Object.keys(results.tests), [
            "command",
            "wallMs",
            "peakRssMiB",
            "exitCode",
            "tests",
            "passes",
            "failures",
            "pending",
        ]);
        assert.deepEqual(Object.keys(results.scaling), ["ecsServices", "eksNodeGroupsAndFargateProfiles"]);
        const series = results.scaling.ecsServices as Record<string, unknown[]>;
        assert.deepEqual(Object.keys(series), [
            "title",
            "baseStack",
            "configKeys",
            "points",
            "evaluateFit",
            "wallFit",
            "peakRssFit",
            "marginalMsPerResource",
            "marginalRatio",
        ]);
        assert.deepEqual(Object.keys(series.points[0] as object), [
            "n",
            "label",
            "resourceCount",
            "wallMs",
            "evaluateMs",
            "peakRssMiB",
            "msPerResource",
        ]);
        const targets = results.targets as unknown as object[];
        for (const t of targets)
            assert.deepEqual(Object.keys(t), ["id", "description", "comparison", "limit", "unit", "actual", "status", "note"]);
    });

    it("figures: medians, rounding, fits and marginal costs", () => {
        const results = buildResults(raw);
        assert.equal(results.date, "2026-01-02T03:04:05.000Z");
        assert.equal(results.machine.memoryGiB, 8);
        assert.deepEqual(results.preview.dev, {
            resourceCount: 100,
            wallMs: { median: 1101, min: 1000, max: 1200 },
            evaluateMs: { median: 701, min: 600, max: 800 },
            peakRssMiB: { median: 150.1, min: 100, max: 200 },
            msPerResource: 11.01,
        });
        assert.deepEqual(results.cliLoad.modes.typeChecked, {
            label: "checked",
            wallMs: { median: 15000, min: 14000, max: 16000 },
            requireMs: { median: 14001, min: 13000, max: 15000 },
            peakRssMiB: { median: 850, min: 840, max: 860 },
        });
        assert.deepEqual(results.tests, {
            command: "mocha",
            wallMs: 25000,
            peakRssMiB: 500,
            exitCode: 0,
            tests: 10,
            passes: 9,
            failures: 0,
            pending: 1,
        });
        const ecsResult = results.scaling.ecsServices;
        assert.deepEqual(
            ecsResult.points.map((p) => p.n),
            [1, 10, 100],
        );
        assert.deepEqual(ecsResult.evaluateFit, { slopeMsPerResource: 5, interceptMs: 100, r2: 1 });
        assert.deepEqual(ecsResult.wallFit, { slopeMsPerResource: 5, interceptMs: 500, r2: 1 });
        assert.deepEqual(ecsResult.marginalMsPerResource, [
            { fromN: 1, toN: 10, msPerResource: 5 },
            { fromN: 10, toN: 100, msPerResource: 5 },
        ]);
        assert.equal(ecsResult.marginalRatio, 1);
        assert.equal(results.scaling.eksNodeGroupsAndFargateProfiles.marginalRatio, null);
    });

    it("targets: PASS, MISS, and N/A where a series has too few points to judge", () => {
        const results = buildResults(raw);
        assert.deepEqual(
            results.targets.map((t) => [t.id, t.actual, t.status]),
            [
                ["prdPreviewWallMs", 3200, "MISS"],
                ["ecs100WallMs", 6000, "PASS"],
                ["ecsServicesLinearR2", 1, "PASS"],
                ["eksNodeGroupsAndFargateProfilesLinearR2", null, "N/A"],
            ],
        );
        const text = renderSummary(results) + renderMarkdown(results);
        assert.match(text, /≤ 3,000 ms: MISS/);
        assert.match(renderMarkdown(results), /\| transpiled \| 2,500 ms \| 1,800 ms \| 180\.0 MiB \|/);
        assert.match(
            renderSummary(results),
            /CLI-style load of index\.ts:\n {2}method: a fresh node process registers ts-node as the Pulumi CLI's Node\.js host does/,
        );
        assert.match(text, /R² ≥ 0.98: N\/A/);
        const quick = buildResults({ ...raw, quick: true }).targets.find((t) => t.id === "ecsServicesLinearR2");
        assert.deepEqual(
            [quick?.status, quick?.note],
            ["N/A", "quick run: one run per N and the largest N left out, too little to judge linearity"],
        );
    });

    it("refuses runs of one scenario that declared different graphs", () => {
        const unstable: RawResults = {
            ...raw,
            previews: [{ stack: "dev", samples: [...samples(100, [1], [1]), ...samples(101, [1], [1])] }],
        };
        assert.throws(() => buildResults(unstable), /resource count differs between runs \(100, 101\)/);
    });
});

describe("bench: CLI-style load of index.ts (how `pulumi preview`/`up` loads the program)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-load-"));
    const entry = (name: string, text: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        return file;
    };
    const mode = (id: string) => CLI_LOAD_MODES.find((m) => m.id === id)!;
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("produces the figure for both settings, each run reporting its own times", async () => {
        const small = entry("small.ts", "const n: number = 1;\nexport = () => n;\n");
        const measured = await measureCliLoad(1, 0, dir, () => undefined, small);
        assert.deepEqual(
            measured.map((m) => m.mode.id),
            ["typeChecked", "transpileOnly"],
        );
        for (const m of measured) {
            assert.equal(m.samples.length, 1);
            const [sample] = m.samples;
            assert.ok(
                sample.wallMs > 0 && sample.requireMs >= 0 && sample.requireMs < sample.wallMs && sample.maxRssKiB > 0,
                JSON.stringify(sample),
            );
        }
    });

    it("the project's tsconfig.json makes the host's load transpile-only; PULUMI_NODEJS_TRANSPILE_ONLY=false checks types again", async () => {
        const wrong = entry("wrong.ts", 'const n: number = "not a number";\nexport = () => n;\n');
        await cliLoadOnce(mode("transpileOnly"), dir, wrong);
        await assert.rejects(
            cliLoadOnce(mode("typeChecked"), dir, wrong),
            (e: unknown) => e instanceof ChildFailure && /TS2322/.test(e.message),
        );
    });

    it("index.ts loads that way, transpile-only, and exports the program's function", async () => {
        await cliLoadOnce(mode("transpileOnly"), dir);
        const report = JSON.parse(fs.readFileSync(path.join(dir, "cli-load.json"), "utf8")) as Record<string, unknown>;
        assert.deepEqual([report.transpileOnlyRequested, report.transpileOnly, report.exportsFunction], [null, true, true]);
    });
});
