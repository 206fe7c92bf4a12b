// Reading a stack file: a YAML syntax error is named with its file, line and column, and a config
// that is not a map is refused, before any value is read.

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig, StackFileError } from "../offline/stack-config";

function project(stackFile: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stack-config-"));
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
    fs.writeFileSync(path.join(root, "Pulumi.t.yaml"), stackFile);
    return root;
}

describe("stack files", () => {
    it("a YAML syntax error names the file, the line and the column", () => {
        const root = project("config:\n  aws:region: ap-northeast-1\n  platform:list: [1, 2\n");
        assert.throws(
            () => loadStackConfig("t", {}, root),
            (e: unknown) => e instanceof StackFileError && /Pulumi\.t\.yaml:\d+:\d+: /.test(e.message),
        );
        const notAMap = project("config: [a, b]\n");
        assert.throws(() => loadStackConfig("t", {}, notAMap), /Pulumi\.t\.yaml:1:9: config is not a map/);
    });

    it("a valid file still gives every value, secrets as a placeholder", () => {
        const root = project(
            "config:\n  aws:region: ap-northeast-1\n  platform:azCount: 3\n  platform:list: [a, b]\n  platform:password:\n    secure: AAAB\n",
        );
        const c = loadStackConfig("t", {}, root);
        assert.deepStrictEqual(c.values, {
            "aws:region": "ap-northeast-1",
            "platform:azCount": "3",
            "platform:list": '["a","b"]',
            "platform:password": "[secret]",
        });
        assert.deepStrictEqual(c.secretKeys, ["platform:password"]);
    });
});
