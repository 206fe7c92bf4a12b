// Where `pulumi up` runs: read and validated with the rest of the stack config (see ./config.ts).
// The Kubernetes provider talks to the EKS API from wherever the program runs, so a stack with a
// cluster must be deployed from a place that reaches its endpoint: a runner inside the VPC.

import { partitionOfRegion } from "../lib/aws-facts";
import { arnPlacementProblem, parseArn } from "../lib/arns";
import { ConfigReader, key } from "./config-reader";
import { DeliverySettings } from "./environment";
import { DEPLOY_RUNNERS } from "./schema";

/** owner/name: GitHub's owner rule (alphanumerics and inner hyphens) and a repository name, neither "." nor ".." nor ending in ".git". */
const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)(?!.*\.git$)[A-Za-z0-9._-]{1,100}$/;
const REPOSITORY_ALLOWED = "owner/name of a GitHub repository (no https://, no .git)";
const CONNECTION_ARN = /^arn:(aws[a-z-]*):(codeconnections|codestar-connections):([a-z0-9-]+):([0-9]{12}):connection\/[0-9a-f-]{36}$/;

export function readDeliverySettings(
    r: ConfigReader,
    context: {
        region: string;
        eks: {
            enabled: boolean;
            publicAccessCidrs: readonly string[];
            apiAccessSecurityGroupIds: readonly string[];
            apiAccessCidrs: readonly string[];
        };
    },
): DeliverySettings {
    const runner = r.oneOf("deployRunner", DEPLOY_RUNNERS) as DeliverySettings["runner"];
    const repository = r.string(key("deployRunnerRepository"), (v) => v === "" || GITHUB_REPOSITORY.test(v), REPOSITORY_ALLOWED, false);
    const connectionArn = r.string(key("deployRunnerConnectionArn"), () => true, "", false);
    const partition = partitionOfRegion(context.region);
    const regionKnown = !r.hasIssue("aws:region");
    if (runner === "codebuild") {
        if (repository === "") {
            r.issue(
                key("deployRunnerRepository"),
                "(unset)",
                "required with deployRunner: codebuild (the runner takes this repository's workflow jobs)",
                REPOSITORY_ALLOWED,
            );
        }
        const match = CONNECTION_ARN.exec(connectionArn);
        const allowed = `arn:${partition}:codeconnections:${context.region}:<account>:connection/<uuid> (create it once in the console and complete the GitHub handshake)`;
        if (connectionArn === "") {
            r.issue(key("deployRunnerConnectionArn"), "(unset)", "required with deployRunner: codebuild", allowed);
        } else if (!match) {
            r.issue(key("deployRunnerConnectionArn"), connectionArn, "not a CodeConnections connection ARN", allowed);
        } else if (regionKnown) {
            const parsed = parseArn(connectionArn);
            const problem = parsed && arnPlacementProblem(parsed, { region: context.region, partition });
            if (problem) r.issue(key("deployRunnerConnectionArn"), connectionArn, problem, allowed);
        }
    } else if (repository !== "" || connectionArn !== "") {
        const set = repository !== "" ? "deployRunnerRepository" : "deployRunnerConnectionArn";
        r.issue(key(set), "(set)", `only used with deployRunner: codebuild (it is ${runner})`, "empty, or deployRunner: codebuild");
    }
    if (context.eks.enabled && runner === "github-hosted") {
        // Hosted runners' egress addresses are neither fixed nor ours, so no allow-list can hold them,
        // and a private endpoint is out of their reach altogether.
        r.issue(
            key("deployRunner"),
            "github-hosted",
            "a GitHub-hosted runner cannot reach the EKS API (private endpoint, or an allow-list that cannot hold hosted runners' addresses)",
            "codebuild, or self-hosted inside the VPC / on a VPN",
        );
    }
    if (
        context.eks.enabled &&
        runner === "self-hosted" &&
        context.eks.apiAccessSecurityGroupIds.length + context.eks.apiAccessCidrs.length + context.eks.publicAccessCidrs.length === 0
    ) {
        r.issue(
            key("deployRunner"),
            "self-hosted",
            "nothing admits a self-hosted runner to the EKS API",
            "set eksApiAccessSecurityGroupIds or eksApiAccessCidrs (private endpoint) or eksPublicAccessCidrs (its fixed egress address)",
        );
    }
    return runner === "codebuild" ? { runner, repository, connectionArn } : { runner };
}
