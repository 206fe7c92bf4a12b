// Every range and integer check of the EKS settings at its edges: the last value accepted (and
// passed on unchanged), the first one refused, with the message. A bound moved by one, or a check
// dropped, lets a value through that AWS or the kubelet would refuse at deploy time, or one that
// they would accept and run wrongly.

import * as assert from "assert";
import { loadStackConfig } from "../offline/stack-config";
import { parseEnvironment } from "../stacks/config";
import { EksSettings } from "../stacks/environment";
import { configIssues } from "./harness/config-issues";

const N = "platform:eksNodeGroups";
const ng = { name: "general", instanceTypes: ["m7i.large"], minSize: 1, desiredSize: 1, maxSize: 3 };

function eksOf(overrides: Record<string, unknown>): EksSettings {
    const config = loadStackConfig("dev", overrides);
    return parseEnvironment(config.values, { project: config.project, stack: "dev" }).eks;
}

/** The issues of `overrides` on dev whose key starts with `prefix`. */
function issuesOf(overrides: Record<string, unknown>, prefix: string): string[] {
    return configIssues("dev", overrides).filter((issue) => issue.startsWith(prefix));
}

describe("EKS config: kubelet bounds", () => {
    const kubeletCases: [string, keyof EksSettings["kubelet"], number, number, string][] = [
        // key, setting, last accepted, first refused, allowed
        ["platform:eksImageGcHighPercent", "imageGcHighThresholdPercent", 100, 101, "1..100"],
        ["platform:eksImageGcLowPercent", "imageGcLowThresholdPercent", 0, -1, "0..99"],
        ["platform:eksShutdownGracePeriodSeconds", "shutdownGracePeriodSeconds", 3600, 3601, "0..3600"],
        ["platform:eksShutdownGracePeriodCriticalPodsSeconds", "shutdownGracePeriodCriticalPodsSeconds", 0, -1, "0..3600"],
    ];
    for (const [configKey, setting, accepted, refused, allowed] of kubeletCases) {
        it(`${configKey}: ${accepted} is taken as it is, ${refused} is refused (${allowed})`, () => {
            assert.strictEqual(eksOf({ [configKey]: accepted }).kubelet[setting], accepted);
            assert.deepStrictEqual(issuesOf({ [configKey]: refused }, configKey), [
                `${configKey} = ${refused}: not an allowed value (allowed: ${allowed})`,
            ]);
        });
    }

    it("the other ends: high 1 (with low 0) and low 99 (with high 100) are taken; high 0 and low 100 are refused", () => {
        const low = eksOf({ "platform:eksImageGcHighPercent": 1, "platform:eksImageGcLowPercent": 0 }).kubelet;
        assert.deepStrictEqual([low.imageGcHighThresholdPercent, low.imageGcLowThresholdPercent], [1, 0]);
        const high = eksOf({ "platform:eksImageGcHighPercent": 100, "platform:eksImageGcLowPercent": 99 }).kubelet;
        assert.deepStrictEqual([high.imageGcHighThresholdPercent, high.imageGcLowThresholdPercent], [100, 99]);
        assert.deepStrictEqual(issuesOf({ "platform:eksImageGcHighPercent": 0 }, "platform:eksImageGcHighPercent"), [
            "platform:eksImageGcHighPercent = 0: not an allowed value (allowed: 1..100)",
        ]);
        assert.deepStrictEqual(
            issuesOf({ "platform:eksImageGcHighPercent": 100, "platform:eksImageGcLowPercent": 100 }, "platform:eksImageGcLowPercent"),
            [
                "platform:eksImageGcLowPercent = 100: not an allowed value (allowed: 0..99)",
                "platform:eksImageGcLowPercent = 100: the low threshold must be below the high one (allowed: below eksImageGcHighPercent (100))",
            ],
        );
    });

    it("grace periods: 0 and 3600 are taken, the critical pods' share up to the whole period; -1 and 3601 refused", () => {
        const zero = eksOf({
            "platform:eksShutdownGracePeriodSeconds": 0,
            "platform:eksShutdownGracePeriodCriticalPodsSeconds": 0,
        }).kubelet;
        assert.deepStrictEqual([zero.shutdownGracePeriodSeconds, zero.shutdownGracePeriodCriticalPodsSeconds], [0, 0]);
        const full = eksOf({
            "platform:eksShutdownGracePeriodSeconds": 3600,
            "platform:eksShutdownGracePeriodCriticalPodsSeconds": 3600,
        }).kubelet;
        assert.deepStrictEqual([full.shutdownGracePeriodSeconds, full.shutdownGracePeriodCriticalPodsSeconds], [3600, 3600]);
        assert.deepStrictEqual(issuesOf({ "platform:eksShutdownGracePeriodSeconds": -1 }, "platform:eksShutdownGracePeriodSeconds"), [
            "platform:eksShutdownGracePeriodSeconds = -1: not an allowed value (allowed: 0..3600)",
        ]);
        assert.deepStrictEqual(
            issuesOf(
                { "platform:eksShutdownGracePeriodSeconds": 3600, "platform:eksShutdownGracePeriodCriticalPodsSeconds": 3601 },
                "platform:eksShutdownGracePeriodCriticalPodsSeconds",
            ),
            [
                "platform:eksShutdownGracePeriodCriticalPodsSeconds = 3601: not an allowed value (allowed: 0..3600)",
                "platform:eksShutdownGracePeriodCriticalPodsSeconds = 3601: critical pods' share cannot exceed the whole shutdown grace period (allowed: at most eksShutdownGracePeriodSeconds (3600))",
            ],
        );
    });

    it("not integers: a fraction and a word are refused for each kubelet setting", () => {
        for (const [configKey, , , , allowed] of kubeletCases) {
            for (const value of [1.5, "many"]) {
                assert.deepStrictEqual(issuesOf({ [configKey]: value }, configKey), [
                    `${configKey} = ${JSON.stringify(String(value))}: not an integer (allowed: ${allowed})`,
                ]);
            }
        }
    });

    it("the low image GC threshold must be strictly below the high one; critical pods' share at most the whole period", () => {
        const equal = { "platform:eksImageGcHighPercent": 60, "platform:eksImageGcLowPercent": 60 };
        assert.deepStrictEqual(issuesOf(equal, "platform:eksImageGc"), [
            "platform:eksImageGcLowPercent = 60: the low threshold must be below the high one (allowed: below eksImageGcHighPercent (60))",
        ]);
        const justBelow = eksOf({ "platform:eksImageGcHighPercent": 60, "platform:eksImageGcLowPercent": 59 }).kubelet;
        assert.deepStrictEqual([justBelow.imageGcHighThresholdPercent, justBelow.imageGcLowThresholdPercent], [60, 59]);
        const over = { "platform:eksShutdownGracePeriodSeconds": 100, "platform:eksShutdownGracePeriodCriticalPodsSeconds": 101 };
        assert.deepStrictEqual(issuesOf(over, "platform:eksShutdown"), [
            "platform:eksShutdownGracePeriodCriticalPodsSeconds = 101: critical pods' share cannot exceed the whole shutdown grace period (allowed: at most eksShutdownGracePeriodSeconds (100))",
        ]);
        const equalShare = eksOf({
            "platform:eksShutdownGracePeriodSeconds": 100,
            "platform:eksShutdownGracePeriodCriticalPodsSeconds": 100,
        });
        assert.strictEqual(equalShare.kubelet.shutdownGracePeriodCriticalPodsSeconds, 100);
    });
});

describe("EKS config: node group bounds", () => {
    const group = (fields: Record<string, unknown>) => ({ [N]: [{ ...ng, ...fields }] });

    it("sizes: 0 <= min <= desired <= max, max >= 1; each edge taken as it is", () => {
        for (const [minSize, desiredSize, maxSize] of [
            [0, 0, 1],
            [2, 2, 2],
            [0, 1, 1],
            [1, 1, 5],
        ] as const) {
            const [parsed] = eksOf(group({ minSize, desiredSize, maxSize })).nodeGroups;
            assert.deepStrictEqual([parsed?.minSize, parsed?.desiredSize, parsed?.maxSize], [minSize, desiredSize, maxSize]);
        }
        for (const [minSize, desiredSize, maxSize] of [
            [0, 0, 0],
            [2, 1, 3],
            [1, 4, 3],
            [3, 3, 2],
        ] as const) {
            assert.deepStrictEqual(issuesOf(group({ minSize, desiredSize, maxSize }), `${N}[0]`), [
                `${N}[0].desiredSize = ${JSON.stringify({ minSize, desiredSize, maxSize })}: sizes out of order (allowed: 0 <= minSize <= desiredSize <= maxSize, maxSize >= 1)`,
            ]);
        }
    });

    it("sizes left out: min 1, desired follows min, max follows desired", () => {
        const [onlyMin] = eksOf({ [N]: [{ name: "g", minSize: 2 }] }).nodeGroups;
        assert.deepStrictEqual([onlyMin?.minSize, onlyMin?.desiredSize, onlyMin?.maxSize], [2, 2, 2]);
        const [none] = eksOf({ [N]: [{ name: "g" }] }).nodeGroups;
        assert.deepStrictEqual([none?.minSize, none?.desiredSize, none?.maxSize], [1, 1, 1]);
        const [zeroMin] = eksOf({ [N]: [{ name: "g", minSize: 0 }] }).nodeGroups;
        assert.deepStrictEqual([zeroMin?.minSize, zeroMin?.desiredSize, zeroMin?.maxSize], [0, 0, 1]);
    });

    it("sizes must be non-negative integers", () => {
        for (const field of ["minSize", "desiredSize", "maxSize"]) {
            assert.ok(
                issuesOf(group({ [field]: -1 }), `${N}[0].${field}`).includes(
                    `${N}[0].${field} = -1: not a non-negative integer (allowed: an integer >= 0)`,
                ),
                field,
            );
            assert.ok(
                issuesOf(group({ [field]: 1.5 }), `${N}[0].${field}`).includes(
                    `${N}[0].${field} = 1.5: not a non-negative integer (allowed: an integer >= 0)`,
                ),
                field,
            );
        }
    });

    const ranges: [string, number, number, number, number, string, string][] = [
        // field, lowest taken, highest taken, refused below, refused above, problem, allowed
        ["diskSizeGiB", 20, 16384, 19, 16385, "root volume size out of range", "20..16384"],
        ["maxUnavailable", 1, 100, 0, 101, "out of range", "1..100"],
        ["metadataHopLimit", 1, 64, 0, 65, "out of range", "1..64 (1 unless pods must reach IMDS)"],
    ];
    for (const [field, lowest, highest, below, above, problem, allowed] of ranges) {
        it(`${field}: ${lowest} and ${highest} are taken as they are; ${below} and ${above} are refused (${allowed})`, () => {
            for (const value of [lowest, highest]) {
                const [parsed] = eksOf(group({ [field]: value })).nodeGroups;
                assert.strictEqual((parsed as unknown as Record<string, unknown>)[field], value);
            }
            for (const value of [below, above]) {
                assert.deepStrictEqual(issuesOf(group({ [field]: value }), `${N}[0].${field}`), [
                    `${N}[0].${field} = ${value}: ${problem} (allowed: ${allowed})`,
                ]);
            }
        });
    }

    it("a node group name: up to the prefix limit, letters, digits, - and _, starting with a letter or digit", () => {
        const longest = "a".repeat(36);
        assert.strictEqual(eksOf(group({ name: longest })).nodeGroups[0]?.name, longest);
        assert.strictEqual(issuesOf(group({ name: `${longest}a` }), `${N}[0].name`).length, 1);
        for (const name of ["-a", "_a", "a.b", "a b", ""]) assert.strictEqual(issuesOf(group({ name }), `${N}[0].name`).length, 1, name);
    });
});

describe("EKS config: taint effects", () => {
    it("each Kubernetes effect is handed to EKS under its API name", () => {
        const taints = ["NoSchedule", "NoExecute", "PreferNoSchedule"].map((effect, i) => ({ key: `k${i}`, value: "v", effect }));
        const [parsed] = eksOf({ [N]: [{ ...ng, taints }] }).nodeGroups;
        assert.deepStrictEqual(parsed?.taints, [
            { key: "k0", value: "v", effect: "NO_SCHEDULE" },
            { key: "k1", value: "v", effect: "NO_EXECUTE" },
            { key: "k2", value: "v", effect: "PREFER_NO_SCHEDULE" },
        ]);
    });

    it("a taint without a value keeps none", () => {
        const [parsed] = eksOf({ [N]: [{ ...ng, taints: [{ key: "dedicated", effect: "NoExecute" }] }] }).nodeGroups;
        assert.deepStrictEqual(parsed?.taints, [{ key: "dedicated", value: undefined, effect: "NO_EXECUTE" }]);
    });
});
