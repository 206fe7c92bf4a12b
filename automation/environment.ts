// What the runner takes from the environment. Nothing here has a default value for a backend,
// secrets provider, region or profile: the CI job (or the user's shell) says which, so the same
// code runs against any account. The Pulumi CLI itself reads PULUMI_BACKEND_URL and
// PULUMI_ACCESS_TOKEN; the AWS provider reads AWS_PROFILE / AWS_REGION and the OIDC role's
// AWS_* credentials that aws-actions/configure-aws-credentials exports.

export interface DeliveryEnvironment {
    /** PULUMI_BACKEND_URL, e.g. s3://bucket or https://api.pulumi.com; unset: the CLI's current login. */
    readonly backendUrl?: string;
    /** PULUMI_SECRETS_PROVIDER, used when the stack is created (e.g. awskms://alias/pulumi-platform). */
    readonly secretsProvider?: string;
    /** AWS_REGION (or AWS_DEFAULT_REGION): checked against the stack's aws:region, which wins in the provider. */
    readonly awsRegion?: string;
    readonly awsProfile?: string;
    /** CI set to a true value (GitHub Actions sets CI=true): a throwaway runner, where nothing written is committed. */
    readonly ci: boolean;
}

export function readDeliveryEnvironment(env: NodeJS.ProcessEnv): DeliveryEnvironment {
    const pick = (...names: string[]) => names.map((n) => env[n]?.trim()).find((v) => v) || undefined;
    return {
        backendUrl: pick("PULUMI_BACKEND_URL"),
        secretsProvider: pick("PULUMI_SECRETS_PROVIDER"),
        awsRegion: pick("AWS_REGION", "AWS_DEFAULT_REGION"),
        awsProfile: pick("AWS_PROFILE"),
        ci: /^(true|1|yes|on)$/i.test(env.CI?.trim() ?? ""),
    };
}

/** Lines for the job log: which backend, secrets provider and AWS settings are in effect, never secret values. */
export function describeEnvironment(e: DeliveryEnvironment, stackRegion: string | undefined): string[] {
    const lines = [
        `backend: ${e.backendUrl ?? "(the Pulumi CLI's current login)"}`,
        `secrets provider: ${e.secretsProvider ?? "(the stack's existing provider, or the backend's default for a new stack)"}`,
        `AWS profile: ${e.awsProfile ?? "(default credential chain)"}`,
        `AWS region: ${stackRegion ?? "(unset in the stack file)"} from the stack's aws:region`,
    ];
    if (e.awsRegion && stackRegion && e.awsRegion !== stackRegion) {
        lines.push(
            `warning: AWS_REGION=${e.awsRegion} differs from the stack's aws:region=${stackRegion}; the stack's value is used for its resources`,
        );
    }
    return lines;
}

/** The backend as the job log and messages name it. */
export function backendLabel(e: DeliveryEnvironment): string {
    return e.backendUrl ?? "(the Pulumi CLI's current login; PULUMI_BACKEND_URL is unset)";
}
