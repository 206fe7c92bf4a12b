// What every IAM role and policy document of the graph says about itself: the policy language
// version (without "2012-10-17" IAM falls back to the 2008 language, where policy variables do not
// resolve) and each role's description, which is what an operator reads in the console.

import * as assert from "assert";
import { ProgramRun, runStack } from "../offline/run";

const DOCUMENT_INPUTS = ["assumeRolePolicy", "policy"];

const descriptions = (p: string, efs: boolean, logArchive: boolean): Record<string, string> => ({
    [`${p}-cluster`]: `EKS control plane of ${p}`,
    [`${p}-nodes`]: `EC2 nodes of ${p}`,
    [`${p}-karpenter-nodes`]: `Nodes Karpenter launches in ${p}`,
    [`${p}-karpenter-controller`]: `Karpenter controller of ${p} (EKS Pod Identity)`,
    [`${p}-lb-controller`]: "AWS Load Balancer Controller (EKS Pod Identity)",
    [`${p}-fargate-pods`]: `Fargate pod execution role of ${p}`,
    [`${p}-container-insights-agent`]: `CloudWatch agent of ${p} (EKS Pod Identity)`,
    [`${p}-runner`]: `CodeBuild service role of ${p}-deploy-runner: logs, its network interface, the GitHub connection`,
    [`${p}-flow-logs`]: `Delivers ${p} VPC flow logs to CloudWatch Logs`,
    [`${p}-api-execution`]: `ECS task execution role of ${p}-api: image pull, logs, secrets`,
    [`${p}-api-task`]: `ECS task role of ${p}-api: what the application runs as`,
    [`${p}-web-execution`]: `ECS task execution role of ${p}-web: image pull, logs, secrets`,
    [`${p}-web-task`]: `ECS task role of ${p}-web: what the application runs as`,
    [`${p}-vpc-cni`]: `aws-node in ${p} (IRSA)`,
    [`${p}-ebs-csi`]: `ebs-csi-controller-sa in ${p} (IRSA)`,
    // The EFS CSI driver is on in dev only.
    ...(efs ? { [`${p}-efs-csi`]: `efs-csi-controller-sa in ${p} (Pod Identity)` } : {}),
    ...(p === "platform-dev"
        ? { [`${p}-pod-web-api`]: `web/web-api in ${p} (EKS Pod Identity)` }
        : { [`${p}-pod-apps-api`]: `apps/api in ${p} (EKS Pod Identity)` }),
    ...(logArchive
        ? {
              [`${p}-log-archive-firehose`]: `Firehose writes ${p} archived logs to S3`,
              [`${p}-log-archive-logs`]: `CloudWatch Logs puts ${p} log events into the archive stream`,
          }
        : {}),
    [`${p}-fargate-metrics`]: "adot-collector in fargate-container-insights (IRSA): Fargate pod metrics",
});

for (const stack of ["dev", "prd"]) {
    describe(`IAM documents and roles say what they are (${stack})`, () => {
        let run: ProgramRun;
        before(async () => {
            run = await runStack(stack);
        });

        it('every IAM policy document in the graph is written in the policy language "2012-10-17"', () => {
            const documents = run.graph.resources.flatMap((resource) =>
                DOCUMENT_INPUTS.map((input) => [resource, input, resource.inputs[input]] as const).filter(
                    ([r, , value]) => r.type.startsWith("aws:iam/") && typeof value === "string",
                ),
            );
            assert.ok(documents.length >= 20, `${documents.length} documents`);
            for (const [resource, input, value] of documents) {
                const document = JSON.parse(value as string) as { Version?: unknown; Statement?: unknown };
                assert.strictEqual(document.Version, "2012-10-17", `${resource.name} ${input}`);
                assert.ok(Array.isArray(document.Statement) && document.Statement.length > 0, `${resource.name} ${input}: statements`);
            }
        });

        it("every IAM role is described for the operator who finds it in the console", () => {
            const roles = run.graph.byType("aws:iam/role:Role");
            assert.deepStrictEqual(
                Object.fromEntries(
                    roles.map((role) => [role.name, role.inputs.description]).sort(([a], [b]) => String(a).localeCompare(String(b))),
                ),
                Object.fromEntries(
                    Object.entries(descriptions(`platform-${stack}`, stack === "dev", stack === "prd")).sort(([a], [b]) =>
                        a.localeCompare(b),
                    ),
                ),
            );
        });
    });
}
