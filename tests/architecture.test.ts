// The import graph reads top-down: entry → stacks → components → lib, with the offline engine,
// tools, automation and the policy pack beside them, and nothing outside tests/ importing from
// tests/. Read from the files themselves (relative imports and requires), so a new edge fails here.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../offline/stack-config";

const SKIP = new Set(["node_modules", ".git", "out", "bin"]);

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (SKIP.has(e.name)) return [];
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return sourceFiles(full);
        return /\.(ts|js|cjs|mjs)$/.test(e.name) ? [full] : [];
    });
}

/** Relative module specifiers a file imports or requires, resolved to files. */
function importsOf(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const specs = [...text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
    return specs.map((spec) => {
        const base = path.resolve(path.dirname(file), spec);
        const candidates = [base, `${base}.ts`, `${base}.js`, path.join(base, "index.ts")];
        return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? base;
    });
}

/** The top-level folder (or root file) a path belongs to. */
const area = (file: string) => path.relative(PROJECT_ROOT, file).split(path.sep)[0];

/** Which areas each area may import; tests may import anything. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
    "index.ts": ["stacks"],
    stacks: ["components", "lib"],
    components: ["lib"],
    lib: [],
    offline: ["lib"],
    tools: ["offline", "stacks", "lib", "policy"],
    automation: ["lib"],
    policy: ["lib"],
    ".github": [],
    scripts: [],
};

describe("architecture: the import graph", () => {
    const files = sourceFiles(PROJECT_ROOT);
    const graph = new Map(files.map((f) => [f, importsOf(f)]));

    it("reads the files (a check that finds nothing proves nothing)", () => {
        assert.ok(files.length > 100, String(files.length));
        assert.ok([...graph.values()].flat().length > 200);
    });

    it("every edge between top-level areas is an allowed one, and nothing outside tests/ imports tests/", () => {
        const bad: string[] = [];
        for (const [file, targets] of graph) {
            const from = area(file);
            if (from === "tests") continue;
            for (const target of targets) {
                const to = area(target);
                if (to === from) continue;
                if (!(ALLOWED[from] ?? []).includes(to))
                    bad.push(`${path.relative(PROJECT_ROOT, file)} -> ${path.relative(PROJECT_ROOT, target)}`);
            }
        }
        assert.deepStrictEqual(bad, []);
    });

    it("the allowed area graph itself has no cycle", () => {
        const visiting = new Set<string>();
        const done = new Set<string>();
        const visit = (a: string, trail: string[]): void => {
            assert.ok(!visiting.has(a), `cycle: ${[...trail, a].join(" -> ")}`);
            if (done.has(a)) return;
            visiting.add(a);
            for (const b of ALLOWED[a] ?? []) visit(b, [...trail, a]);
            visiting.delete(a);
            done.add(a);
        };
        for (const a of Object.keys(ALLOWED)) visit(a, []);
    });

    it("no file imports itself back through a chain (no cycles between files)", () => {
        const state = new Map<string, "open" | "closed">();
        const cycles: string[] = [];
        const visit = (f: string, trail: string[]): void => {
            if (state.get(f) === "closed") return;
            if (state.get(f) === "open") {
                cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(PROJECT_ROOT, x)).join(" -> "));
                return;
            }
            state.set(f, "open");
            for (const t of graph.get(f) ?? []) if (graph.has(t)) visit(t, [...trail, f]);
            state.set(f, "closed");
        };
        for (const f of files) visit(f, []);
        assert.deepStrictEqual(cycles, []);
    });
});
