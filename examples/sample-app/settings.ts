// The app's own config, checked before anything is declared: an app team's mistakes should read as
// a sentence naming the key, not as a failed Kubernetes apply half-way through `pulumi up`.

import * as pulumi from "@pulumi/pulumi";

export interface AppSettings {
    readonly platformStack: string;
    readonly image: string;
    readonly secretArn: string;
    readonly fargateProfile: string;
    readonly internetFacing: boolean;
    readonly maxReplicas: number;
}

/** The HPA keeps at least this many web pods, so a node drain never takes the app down. */
export const MIN_REPLICAS = 2;
export const MAX_REPLICAS_LIMIT = 20;

const STACK_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
// A tag (not latest) or a digest: what runs must be what was reviewed.
const PINNED_IMAGE = /^[a-z0-9.-]+(?::[0-9]+)?\/[a-z0-9._/-]+(?::(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;
const SECRET_ARN = /^arn:aws(?:-cn|-us-gov)?:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

export class AppConfigError extends pulumi.RunError {}

export function readSettings(config: pulumi.Config): AppSettings {
    const problems: string[] = [];
    const platformStack = config.require("platformStack");
    if (!STACK_NAME.test(platformStack)) problems.push(`platformStack must be <org>/<project>/<stack>, got "${platformStack}"`);
    const image = config.require("image");
    if (!PINNED_IMAGE.test(image))
        problems.push(`image must be <registry>/<repository>:<tag> (not latest) or @sha256:<digest>, got "${image}"`);
    const secretArn = config.require("secretArn");
    if (!SECRET_ARN.test(secretArn))
        problems.push("secretArn must be a Secrets Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>)");
    const fargateProfile = config.require("fargateProfile");
    const internetFacing = config.getBoolean("internetFacing") ?? false;
    const maxReplicas = config.getNumber("maxReplicas") ?? 4;
    if (!Number.isInteger(maxReplicas) || maxReplicas < MIN_REPLICAS || maxReplicas > MAX_REPLICAS_LIMIT) {
        problems.push(`maxReplicas must be an integer from ${MIN_REPLICAS} to ${MAX_REPLICAS_LIMIT}, got ${maxReplicas}`);
    }
    if (problems.length > 0) throw new AppConfigError(`sample-app config:\n  - ${problems.join("\n  - ")}`);
    return { platformStack, image, secretArn, fargateProfile, internetFacing, maxReplicas };
}

/** The region a secret ARN names: the secret must live where the cluster runs. */
export function secretRegion(secretArn: string): string {
    return SECRET_ARN.exec(secretArn)?.[1] ?? "";
}
