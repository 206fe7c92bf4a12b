// What the program must know about the account before it declares anything, besides config:
// the region's zones, the add-on versions EKS offers for the cluster's Kubernetes version, the
// sizes node groups run at now, and which service images are already pushed. Each is a read-only
// call made where `pulumi up` runs; a lookup that finds nothing (a first deploy) falls back to config.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EFS_CSI_ADDON, METRICS_SERVER_ADDON } from "../components/eks/addons";
import { CLOUDWATCH_ADDON } from "../components/observability/eks-container-insights";
import { SECRETS_STORE_ADDON } from "../components/eks/secrets-store";
import { sameIamPrincipal } from "../lib/arns";
import { nowInstant } from "../lib/clock";
import { names } from "../lib/names";
import { isAsleepAt } from "../lib/sleep-schedule";
import { ConfigValidationError, key } from "./config-reader";
import { Environment } from "./environment";
import { lookupAvailabilityZones } from "./zones";

export interface LiveState {
    readonly availabilityZones: string[];
    /** Every add-on the stack declares -> the version to install (pinned in config, or EKS's default). */
    readonly addonVersions: Readonly<Record<string, string>>;
    /** Node group (config name) -> desired size it runs at now; absent for groups not created yet. */
    readonly runningNodeGroupSizes: Readonly<Record<string, number>>;
    /** ECS services whose image tag is not yet in their own ECR repository. */
    readonly servicesAwaitingImage: readonly string[];
    /** The sleep schedule has the environment parked at this moment (false without a schedule). */
    readonly asleepNow: boolean;
}

export async function lookupLiveState(env: Environment): Promise<LiveState> {
    const [availabilityZones, addonVersions, runningNodeGroupSizes, servicesAwaitingImage] = await Promise.all([
        lookupAvailabilityZones(env),
        env.eks.enabled ? resolveAddonVersions(env) : Promise.resolve({}),
        env.eks.enabled ? lookupRunningNodeGroupSizes(env) : Promise.resolve({}),
        lookupServicesAwaitingImage(env),
        env.eks.enabled ? warnWhenCallerCannotReachCluster(env) : Promise.resolve(),
    ]);
    return { availabilityZones, addonVersions, runningNodeGroupSizes, servicesAwaitingImage, asleepNow: asleepNow(env) };
}

/**
 * Whether this run happens while the schedule has the environment asleep. The scheduled actions
 * set the ECS targets to 0/0 and the node groups to 0 nodes; a run at night declares the same, so
 * it neither wakes anything nor makes EKS refuse a minSize above the running size. The morning's
 * first run declares the configured sizes again, which the wake actions have already restored.
 */
function asleepNow(env: Environment): boolean {
    const schedule = env.operations.sleepSchedule;
    if (!schedule || !isAsleepAt(schedule, nowInstant())) return false;
    void pulumi.log.warn(
        `${env.name} is asleep by platform:sleepSchedule (${schedule.timezone}): this run keeps ECS services at 0 tasks and node groups at 0 nodes. ` +
            "Add-ons and Helm releases whose pods need nodes cannot become ready until the wake time; change those in waking hours.",
    );
    return true;
}

/** The managed add-ons the EKS component and Container Insights declare for this environment. */
export function declaredAddons(env: Environment): string[] {
    const withNodes = env.eks.nodeGroups.length > 0;
    const { metricsServer, storage } = env.eks.addons;
    return [
        "vpc-cni",
        "kube-proxy",
        "eks-pod-identity-agent",
        "coredns",
        ...(withNodes ? ["aws-ebs-csi-driver", CLOUDWATCH_ADDON] : []),
        ...(withNodes && metricsServer ? [METRICS_SERVER_ADDON] : []),
        ...(withNodes && storage.efsCsiDriver ? [EFS_CSI_ADDON] : []),
        ...(withNodes && env.eksAccess.secretsStoreCsi ? [SECRETS_STORE_ADDON] : []),
    ];
}

/**
 * An unpinned add-on would otherwise keep the version it was installed with (an unset version
 * never diffs), and EKS refuses the next control-plane upgrade once add-ons fall too far behind.
 * So each unpinned add-on gets EKS's default for the configured Kubernetes version, and moves with
 * it; a pinned one must not be newer than the newest EKS offers for that version.
 */
async function resolveAddonVersions(env: Environment): Promise<Record<string, string>> {
    const pinned: Record<string, string> = { ...env.eks.addonVersions };
    if (env.observability.containerInsightsAddonVersion) pinned[CLOUDWATCH_ADDON] = env.observability.containerInsightsAddonVersion;
    const entries = await Promise.all(
        declaredAddons(env).map(async (addonName): Promise<[string, string, string | undefined]> => {
            const version = pinned[addonName];
            const found = await aws.eks.getAddonVersion({
                addonName,
                kubernetesVersion: env.eks.kubernetesVersion,
                mostRecent: version !== undefined,
            });
            if (version === undefined) return [addonName, found.version, undefined];
            const newer = compareAddonVersions(version, found.version) > 0;
            return [addonName, version, newer ? found.version : undefined];
        }),
    );
    const issues = entries
        .filter(([, , newest]) => newest !== undefined)
        .map(([addonName, version, newest]) => ({
            key: addonName === CLOUDWATCH_ADDON ? key("containerInsightsAddonVersion") : key("eksAddonVersions"),
            value: `${addonName}: ${version}`,
            problem: `EKS offers ${addonName} up to ${newest} for Kubernetes ${env.eks.kubernetesVersion}`,
            allowed: `a version EKS lists for ${env.eks.kubernetesVersion} (aws eks describe-addon-versions --addon-name ${addonName} --kubernetes-version ${env.eks.kubernetesVersion}), or unset for the default`,
        }));
    if (issues.length > 0) throw new ConfigValidationError(env.stack, issues);
    return Object.fromEntries(entries.map(([addonName, version]) => [addonName, version]));
}

/** Orders "v1.19.2-eksbuild.1"-style versions; anything unparsable sorts as equal (EKS then decides). */
export function compareAddonVersions(a: string, b: string): number {
    const parse = (v: string) => /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$/.exec(v)?.slice(1).map(Number);
    const x = parse(a);
    const y = parse(b);
    if (!x || !y) return 0;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
}

/** A lookup error that means "not created yet", as opposed to a permission or network failure. */
export function isNotFound(e: unknown): boolean {
    return /ResourceNotFoundException|RepositoryNotFoundException|ImageNotFoundException|couldn't find resource|not found/i.test(
        e instanceof Error ? e.message : String(e),
    );
}

/** The provider's name_prefix suffix: 26 characters (timestamp and counter, lowercase hex digits). */
const GENERATED_SUFFIX = "[0-9a-f]{26}";

async function lookupRunningNodeGroupSizes(env: Environment): Promise<Record<string, number>> {
    if (env.eks.nodeGroups.length === 0) return {};
    let names: string[];
    try {
        names = (await aws.eks.getNodeGroups({ clusterName: env.eks.clusterName })).names;
    } catch (e) {
        if (isNotFound(e)) return {};
        throw e;
    }
    const sizes: Record<string, number> = {};
    for (const ng of env.eks.nodeGroups) {
        // During a replacement two groups share the prefix; the larger one is what runs the workloads.
        const pattern = new RegExp(`^${ng.name.replace(/[-]/g, "\\-")}-${GENERATED_SUFFIX}$`);
        for (const physical of names.filter((n) => pattern.test(n))) {
            const group = await aws.eks.getNodeGroup({ clusterName: env.eks.clusterName, nodeGroupName: physical });
            const desired = group.scalingConfigs[0]?.desiredSize;
            if (typeof desired === "number") sizes[ng.name] = Math.max(sizes[ng.name] ?? 0, desired);
        }
    }
    return sizes;
}

async function lookupServicesAwaitingImage(env: Environment): Promise<string[]> {
    const awaiting: string[] = [];
    for (const s of env.ecs.services.filter((svc) => svc.ecrRepository)) {
        const repositoryName = names.ecrRepository(env.namePrefix, s.name);
        try {
            await aws.ecr.getImage({ repositoryName, imageTag: s.imageTag });
        } catch (e) {
            if (!isNotFound(e)) throw e;
            awaiting.push(s.name);
            void pulumi.log.warn(
                `ECS service ${s.name}: ${repositoryName}:${s.imageTag ?? ""} is not pushed yet; the service is created at zero tasks. ` +
                    "Push the image and run `pulumi up` again to start it.",
            );
        }
    }
    return awaiting;
}

/**
 * The Kubernetes provider acts as whoever runs the program. When that is none of the identities the
 * cluster admits, every Kubernetes object would be refused after minutes of waiting: say so first.
 * (A bootstrap run that skips Kubernetes may legitimately run as someone else, so this only warns.)
 */
async function warnWhenCallerCannotReachCluster(env: Environment): Promise<void> {
    const caller = await aws.getCallerIdentity({});
    // An assumed-role session ARN is not an IAM principal; the role behind it is what an access entry
    // names. Resolving it reads the role (iam:GetRole): a caller without that is warned, never stopped.
    let issuer: string;
    try {
        issuer = caller.arn.includes(":assumed-role/") ? (await aws.iam.getSessionContext({ arn: caller.arn })).issuerArn : caller.arn;
    } catch (e) {
        void pulumi.log.warn(
            `could not resolve the role behind ${caller.arn} (${e instanceof Error ? e.message.split("\n")[0] : String(e)}); ` +
                `make sure it is one the cluster admits (platform:eksDeployRoleArn or platform:eksAdminPrincipals).`,
        );
        return;
    }
    const admitted = [...env.eks.adminPrincipals, env.eks.deployRoleArn, env.eks.previewRoleArn].filter(
        (a): a is string => a !== undefined,
    );
    // The issuer ARN carries the role's path; config may not (IAM names ignore path and case).
    if (!admitted.some((a) => sameIamPrincipal(a, issuer))) {
        void pulumi.log.warn(
            `${issuer} runs this program but has no access entry on ${env.eks.clusterName}: Kubernetes objects will be refused. ` +
                `Run as ${env.eks.deployRoleArn ?? "the deploy role"} (platform:eksDeployRoleArn), add it to platform:eksAdminPrincipals, or run a bootstrap (--bootstrap) that skips Kubernetes.`,
        );
    }
}
