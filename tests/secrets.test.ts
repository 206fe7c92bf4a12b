// Secrets are never printed on any path: not a plain value under `secrets` of any type or shape,
// not a services list written in the wrong shape around one, not one under a misspelt key, not a
// value Pulumi marks secret (pulumi config set --secret, a `secure:` value), which the program
// receives decrypted. Each message still names the key and what is allowed.

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isSecretName, looksLikeSecret, SECRET_NAME_WORDS } from "../lib/secret-names";
import { runStack } from "../offline/run";
import { renderSummary } from "../tools/offline-preview";
import { loadStackConfig, SecretOverride } from "../offline/stack-config";
import { ConfigIssue, ConfigValidationError, parseEnvironment } from "../stacks/config";
import { describeValue, mayShowValueAt, secretBearingFields } from "../stacks/config-secrets";
import { configIssueList } from "./harness/config-issues";

/** A secret long enough to be searched for anywhere, and one short enough to be hidden only where it stands. */
const SECRET = "hunter2-s3cr3t";
const SHORT = "pw1";

const web = { name: "web", image: "public.ecr.aws/nginx/nginx:stable", port: 80 };
const S = "platform:ecsServices";

function text(issues: readonly ConfigIssue[]): string {
    return issues.map((i) => `${i.key} = ${i.value}: ${i.problem} (allowed: ${i.allowed})`).join("\n");
}

/** The issues for dev with `overrides`, asserting that none shows any of `secrets` and that one names `key`. */
function refusedWithout(overrides: Record<string, unknown>, key: RegExp, ...secrets: string[]): readonly ConfigIssue[] {
    const issues = configIssueList("dev", overrides);
    assert.ok(issues.length > 0, `accepted: ${JSON.stringify(overrides)}`);
    const all = text(issues);
    for (const secret of [SECRET, ...secrets]) assert.ok(!all.includes(secret), `${secret} printed:\n${all}`);
    assert.ok(
        issues.some((i) => key.test(i.key)),
        `no issue names ${String(key)}:\n${all}`,
    );
    for (const i of issues) assert.ok(i.allowed.length > 0, `${i.key} says nothing of what is allowed`);
    return issues;
}

describe("secrets: a value of any type or shape under `secrets`", () => {
    const shapes: [string, unknown][] = [
        ["a string", { DB: SECRET }],
        ["a short string", { DB: SHORT }],
        ["a number", { DB: 31415926535 }],
        ["a map", { DB: { value: SECRET } }],
        ["a list", { DB: [SECRET] }],
        ["a list instead of the map", [SECRET]],
        ["NAME=value pairs instead of the map", [`DB=${SECRET}`]],
        ["Kubernetes' name/value list", [{ name: "DB", value: SECRET }]],
        ["a string instead of the map", SECRET],
        ["a boolean", { DB: true }],
    ];
    for (const [what, secrets] of shapes) {
        it(what, () => {
            const issues = refusedWithout({ [S]: [{ ...web, secrets }] }, /^platform:ecsServices\[0\]\.secrets/, SHORT, "31415926535");
            for (const i of issues) assert.match(i.allowed, /./);
        });
    }

    it("the variable's name is still shown: it is not the value", () => {
        const issues = configIssueList("dev", { [S]: [{ ...web, secrets: { "1BAD": SECRET } }] });
        assert.match(text(issues), /platform:ecsServices\[0\]\.secrets = "1BAD": invalid variable name/);
        assert.match(text(issues), /platform:ecsServices\[0\]\.secrets\.1BAD = \(hidden\): a secret must be referenced by ARN/);
    });
});

describe("secrets: under a secret-bearing name at any depth", () => {
    it("environment variables named like secrets, in a shape the reader refuses", () => {
        for (const environment of [
            { DB_PASSWORD: 31415926535 },
            { API_TOKEN: { nested: SECRET } },
            [`DB_PASSWORD=${SECRET}`],
            { SENTRY_DSN: [SECRET] },
        ]) {
            refusedWithout({ [S]: [{ ...web, environment }] }, /^platform:ecsServices\[0\]\.environment/, "31415926535");
        }
    });

    it("the names that count: the documented words, any case, any separator", () => {
        for (const name of [
            "secrets",
            "DB_PASSWORD",
            "api-key",
            "apiKey",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "dbPasswd",
            "Credentials",
            "SENTRY_DSN",
        ])
            assert.ok(isSecretName(name), name);
        for (const name of ["name", "image", "port", "environment", "LOG_LEVEL", "taints", "key", "labels"])
            assert.ok(!isSecretName(name), name);
        for (const text of ["public.ecr.aws/nginx/nginx:stable", "https://example.com/health", "arn:aws:iam::123456789012:role/x"])
            assert.ok(!looksLikeSecret(text), text);
        // In the schema, only the services' `secrets` map bears secrets by its name.
        assert.deepStrictEqual(secretBearingFields(), ["ecsServices[].secrets"]);
    });
});

describe("secrets: texts that are secrets by their look, under any name", () => {
    const looks = [
        `postgres://app:${SECRET}@db.internal:5432/app`,
        `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${SECRET}\n-----END RSA PRIVATE KEY-----`,
        "AKIAIOSFODNN7EXAMPLE",
        `ghp_${"a".repeat(36)}`,
    ];
    for (const value of looks) {
        it(value.slice(0, 24), () => {
            refusedWithout({ "platform:extraTags": { url: value, count: 3 } }, /^platform:extraTags$/, value);
            refusedWithout({ "platform:owner": `${value} ${"x".repeat(300)}` }, /^platform:owner$/, value);
            refusedWithout({ [S]: [{ ...web, environment: { DATABASE_URL: value, PORT: 8080 } }] }, /environment/, value);
        });
    }
});

describe("secrets: a services list written in the wrong shape", () => {
    const shapes: [string, unknown][] = [
        ["a map keyed by service", { api: { ...web, secrets: { DB: SECRET } } }],
        ["one service as a map, not a list", { ...web, secrets: { DB: SECRET } }],
        ["a list of NAME=value strings", ["web", `DB_PASSWORD=${SECRET}`]],
        ["a list of lists", [[web.name, SECRET]]],
        ["a service under a misspelt field", [{ ...web, secrte: { DB: SECRET } }]],
        ["a service whose autoscaling holds it", [{ ...web, autoscaling: { min: 1, mx: SECRET } }]],
        ["JSON that is not a list", `{"DB": "${SECRET}"`],
    ];
    for (const [what, services] of shapes) {
        it(what, () => {
            refusedWithout({ [S]: services }, /^platform:ecsServices/);
        });
    }

    it("what the schema can vouch for is still shown: numbers, and texts right under its field names", () => {
        const issues = configIssueList("dev", {
            "platform:eksNodeGroups": [{ name: "general", taints: { key: "k" } }],
            [S]: [{ ...web, autoscaling: 3, oneOffTasks: { name: "migrate" } }],
        });
        assert.match(text(issues), /platform:eksNodeGroups\[0\]\.taints = \{"key":"k"\}: not a list/);
        assert.match(text(issues), /platform:ecsServices\[0\]\.autoscaling = 3: not a map/);
        assert.match(text(issues), /platform:ecsServices\[0\]\.oneOffTasks = \{"name":"migrate"\}: not a list/);
    });

    it("a text in a list where a map belongs is not: it may be anything", () => {
        const issues = configIssueList("dev", { "platform:extraTags": ["team"] });
        assert.match(text(issues), /platform:extraTags = \(a list of 1 item\): not a map of strings/);
    });
});

describe("secrets: under a misspelt or unknown key", () => {
    const keys: [string, unknown][] = [
        ["platform:dbPasword", SECRET],
        ["platform:secret", SECRET],
        ["platform:ecsSecrets", { DB: SECRET }],
        ["platform:ecsService", [{ ...web, secrets: { DB: SECRET } }]],
        ["platform:owner2", SHORT],
    ];
    for (const [key, value] of keys) {
        it(key, () => {
            const issues = refusedWithout({ [key]: value }, new RegExp(`^${key}$`), SHORT);
            const issue = issues.find((i) => i.key === key);
            assert.match(issue?.value ?? "", /^\(a (\d+-character string|map of \d+ entr(y|ies)|list of \d+ items?)\)$/);
        });
    }

    it("the nearest declared key is suggested", () => {
        const issues = configIssueList("dev", { "platform:ecsService": [web] });
        assert.match(text(issues), /platform:ecsService = \(a list of 1 item\): unknown key \(did you mean platform:ecsServices\?\)/);
    });

    it("what a hidden value is, never what it says", () => {
        assert.deepStrictEqual([SECRET, 3, true, null, [1, 2], { a: 1 }].map(describeValue), [
            "(a 14-character string)",
            "(a number)",
            "(a boolean)",
            "null",
            "(a list of 2 items)",
            "(a map of 1 entry)",
        ]);
    });
});

describe("secrets: values Pulumi marks secret, which the program receives decrypted", () => {
    it("pulumi config set --secret on a key the program reads: refused as stored in plain text, never shown", () => {
        for (const [key, value] of [
            ["platform:owner", SECRET],
            ["platform:azCount", SECRET],
            ["platform:costCenter", SHORT],
            ["aws:region", SECRET],
            [S, [{ ...web, name: SECRET }]],
        ] as const) {
            const issues = refusedWithout({ [key]: new SecretOverride(value) }, new RegExp(`^${key.replace(/[[\]]/g, "\\$&")}`), SHORT);
            assert.ok(
                issues.some(
                    (i) =>
                        i.key === key &&
                        i.value === "(secret)" &&
                        /stored as a secret/.test(i.problem) &&
                        /without --secret/.test(i.allowed),
                ),
                text(issues),
            );
        }
    });

    it("a secret's text is taken out of problems too (a duplicate name inside a secret key)", () => {
        const issues = refusedWithout(
            {
                [S]: new SecretOverride([
                    { ...web, name: SECRET },
                    { ...web, name: SECRET, pathPattern: "/b/*" },
                ]),
            },
            /^platform:ecsServices/,
        );
        assert.match(text(issues), /duplicate service name "\(hidden\)"/);
    });

    it("a secure: value in the stack file, at the top or nested", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-"));
        fs.copyFileSync(path.join(__dirname, "..", "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
        const dev = fs.readFileSync(path.join(__dirname, "..", "Pulumi.dev.yaml"), "utf8");
        fs.writeFileSync(
            path.join(root, "Pulumi.t.yaml"),
            dev
                .replace("platform:owner: platform-team", "platform:owner:\n    secure: v1:AAAAsecretciphertext")
                .replace("LOG_LEVEL: debug", "LOG_LEVEL:\n          secure: v1:BBBBsecretciphertext"),
        );
        const config = loadStackConfig("t", {}, root);
        assert.deepStrictEqual(config.secretKeys.sort(), [S, "platform:owner"]);
        let error: unknown;
        try {
            parseEnvironment(config.values, { project: config.project, stack: "t", secretKeys: config.secretKeys });
        } catch (e) {
            error = e;
        }
        assert.ok(error instanceof ConfigValidationError);
        assert.deepStrictEqual(
            error.issues.map((i) => [i.key, i.value]),
            [
                ["platform:ecsServices", "(secret)"],
                ["platform:owner", "(secret)"],
            ],
        );
        assert.doesNotMatch(error.message, /secretciphertext|\[secret\]/);
    });

    it("a secret key the program does not read is left alone", () => {
        assert.deepStrictEqual(configIssueList("dev", { "aws:secretKey": new SecretOverride(SECRET) }), []);
    });
});

describe("secrets: notes on how YAML read a value", () => {
    it("show values only at declared places under no secret-bearing name", () => {
        assert.strictEqual(mayShowValueAt("platform:kubernetesVersion"), true);
        assert.strictEqual(mayShowValueAt("platform:ecsServices[0].imageTag"), true);
        assert.strictEqual(mayShowValueAt("platform:ecsServices[0].environment.LOG_LEVEL"), true);
        assert.strictEqual(mayShowValueAt("platform:ecsServices[0].environment.DB_PASSWORD"), false);
        assert.strictEqual(mayShowValueAt("platform:ecsServices[0].secrets.DB"), false);
        assert.strictEqual(mayShowValueAt("platform:ecsServices[0].secrte.DB"), false);
        assert.strictEqual(mayShowValueAt("platform:dbPasword"), false);
    });
});

describe("secrets: the list is the one documented, and previews mask secret outputs", () => {
    it("docs/commands.md lists exactly the secret-bearing words", () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "commands.md"), "utf8").replace(/\s+/g, " ");
        const listed = /ignoring `-`, `_`, `\.`: ([a-z, ]+) \(`lib\/secret-names\.ts`\)/.exec(doc)?.[1];
        assert.deepStrictEqual(listed?.split(", "), [...SECRET_NAME_WORDS]);
    });

    it("the offline preview prints a secret output as [secret], never its value", async () => {
        const run = await runStack("dev");
        const kubeconfig = run.outputs.kubeconfig;
        assert.ok(typeof kubeconfig === "string" && kubeconfig.length > 20);
        const summary = renderSummary(run);
        assert.match(summary, /^ {2}kubeconfig: "\[secret\]"$/m);
        assert.ok(!summary.includes(kubeconfig.slice(0, 20)));
    });
});
