// stacks/schema.ts is the one place a config key is declared; Pulumi.yaml's `config:` block and the
// table of docs/configuration.md are written from it by `npm run config:docs`. A key added,
// changed or removed there without running the script fails here.

import * as assert from "assert";
import { renderAll, renderConfigDoc, renderProjectFile, readStackFiles } from "../tools/config-docs";
import { CONFIG_KEYS, ConfigKeySpec, OTHER_KEYS } from "../stacks/schema";

describe("config docs: written from stacks/schema.ts", () => {
    for (const { file, current, expected } of renderAll()) {
        it(`${file} is what \`npm run config:docs\` writes`, () => {
            assert.ok(
                current === expected,
                `${file} differs from what stacks/schema.ts gives: run \`npm run config:docs\` and commit the result\n` +
                    firstDifference(current, expected),
            );
        });
    }

    const newKey: ConfigKeySpec = {
        key: "newKey",
        type: "integer",
        description: "A key added to the schema.",
        default: 1,
        allowed: "1..2",
    };
    const files = Object.fromEntries(renderAll().map((f) => [f.file, f.current]));

    it("a key added to the schema without running the script makes both files stale", () => {
        assert.notStrictEqual(renderProjectFile(files["Pulumi.yaml"], [...CONFIG_KEYS, newKey]), files["Pulumi.yaml"]);
        assert.notStrictEqual(
            renderConfigDoc(files["docs/configuration.md"], readStackFiles(), [...CONFIG_KEYS, newKey]),
            files["docs/configuration.md"],
        );
    });

    it("a changed default or description makes Pulumi.yaml stale", () => {
        const changed = CONFIG_KEYS.map((k) => (k.key === "azCount" ? { ...k, default: 3 } : k));
        assert.notStrictEqual(renderProjectFile(files["Pulumi.yaml"], changed), files["Pulumi.yaml"]);
    });

    it("the table has a row per key, in the schema's order, and the prose around it is kept", () => {
        const doc = files["docs/configuration.md"];
        const rows = doc
            .split("\n")
            .filter((l) => /^\| `/.test(l))
            .map((l) => /^\| `([^`]+)`/.exec(l)?.[1]);
        assert.deepStrictEqual(rows, [...OTHER_KEYS.map((k) => k.fullKey), ...CONFIG_KEYS.map((k) => k.key)]);
        assert.match(doc, /^# Configuration reference\n/);
        assert.match(doc, /lib\/names\.ts/);
    });

    it("Pulumi.yaml keeps its runtime block; only the config block is written", () => {
        assert.match(files["Pulumi.yaml"], /^name: platform\ndescription: .*\nruntime:\n {2}name: nodejs\n/);
        const withoutConfig = renderProjectFile(files["Pulumi.yaml"], []);
        assert.ok(withoutConfig.startsWith(files["Pulumi.yaml"].slice(0, files["Pulumi.yaml"].indexOf("# Every project key"))));
    });
});

function firstDifference(a: string, b: string): string {
    const al = a.split("\n");
    const bl = b.split("\n");
    for (let i = 0; i < Math.max(al.length, bl.length); i++) {
        if (al[i] !== bl[i]) return `first difference at line ${i + 1}:\n  file:     ${al[i] ?? "(end)"}\n  expected: ${bl[i] ?? "(end)"}`;
    }
    return "";
}
