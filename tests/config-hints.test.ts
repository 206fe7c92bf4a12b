// What YAML did to a value, said in the config errors: the program only sees the text the Pulumi
// CLI hands it ("1.3" for an unquoted 1.30), so stacks/yaml-hints.ts works back from that text to
// what was written, and the message says to quote it.

import * as assert from "assert";
import { KUBERNETES_VERSION_PATTERN } from "../lib/aws-facts";
import { booleanHint, quoteHint } from "../stacks/yaml-hints";
import { configIssues } from "./harness/config-issues";

describe("the program's hints, from the text alone", () => {
    it("a version YAML made a number: the quoted text to write", () => {
        assert.strictEqual(
            quoteHint("1.3", (v) => KUBERNETES_VERSION_PATTERN.test(v)),
            'YAML reads an unquoted 1.30 as the number 1.3: write "1.30" in quotes',
        );
        assert.strictEqual(
            quoteHint("1.2", (v) => KUBERNETES_VERSION_PATTERN.test(v)),
            'YAML reads an unquoted 1.20 as the number 1.2: write "1.20" in quotes',
        );
        // Only what the CLI would have turned into this very text, and what the key accepts.
        assert.strictEqual(
            quoteHint("1.36", (v) => v === "1.4"),
            undefined,
        );
        assert.strictEqual(
            quoteHint("34", (v) => /^0[0-9]+$/.test(v)),
            'YAML reads an unquoted 042 as an octal number 34: write "042" in quotes',
        );
        assert.strictEqual(
            quoteHint("2026-11-23 00:00:00 +0000 UTC", (v) => /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(v)),
            'YAML reads an unquoted 2026-11-23 as a timestamp: write "2026-11-23" in quotes',
        );
        assert.strictEqual(
            quoteHint("abc", () => true),
            undefined,
        );
    });

    it("booleans: YAML 1.1's words and a quoted true", () => {
        assert.match(booleanHint("yes") ?? "", /YAML 1\.2, where yes is text, not a boolean: write true/);
        assert.match(booleanHint("Off") ?? "", /write false/);
        assert.strictEqual(booleanHint("TRUE"), "write true unquoted");
        assert.strictEqual(booleanHint("maybe"), undefined);
    });

    it("in the config errors: each hint on the key it concerns", () => {
        assert.deepStrictEqual(
            configIssues("dev", {
                "platform:kubernetesVersion": "1.3",
                "platform:privateSubnets": "yes",
                "platform:interfaceEndpoints": [1.3],
                "platform:ecsServices": [{ name: "api", ecrRepository: true, imageTag: "2026-11-23 00:00:00 +0000 UTC", port: 8080 }],
            }).filter((i) => !/interface endpoint/.test(i)),
            [
                'platform:privateSubnets = "yes": not a boolean; the Pulumi CLI reads YAML 1.2, where yes is text, not a boolean: write true (allowed: true | false)',
                "platform:interfaceEndpoints = [1.3]: not a list of strings; YAML reads unquoted numbers and true/false as such (1.30 as 1.3, 0042 as 34): write text in quotes (allowed: a YAML list of strings)",
                'platform:kubernetesVersion = "1.3": invalid value; YAML reads an unquoted 1.30 as the number 1.3: write "1.30" in quotes (allowed: "1.<minor>" that EKS offers on 2026-11-23: 1.31, 1.32, 1.33, 1.34, 1.35, 1.36 (lib/kubernetes-versions.ts, as of 2026-11-23))',
                'platform:ecsServices[0].imageTag = "2026-11-23 00:00:00 +0000 UTC": invalid image tag; YAML reads an unquoted 2026-11-23 as a timestamp: write "2026-11-23" in quotes (allowed: a Docker tag, e.g. 1.4.2 or 2026-11-23-abc1234)',
            ],
        );
    });

    it("an integer read as octal, and a key written with nothing after it", () => {
        assert.deepStrictEqual(
            configIssues("dev", { "platform:logRetentionDays": "12", "platform:azCount": "", "platform:eksEnabled": "" }),
            [
                "platform:logRetentionDays = 12: not an allowed value; if it was written 014, YAML read that as the octal number 12: write 14 (allowed: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
                'platform:azCount = "": not an integer; YAML gives a key with nothing after it no value, and the Pulumi CLI passes "": write a value, or remove the key for its default (allowed: 2..6)',
                'platform:eksEnabled = "": not a boolean; YAML gives a key with nothing after it no value, and the Pulumi CLI passes "": write a value, or remove the key for its default (allowed: true | false)',
            ],
        );
    });
});
