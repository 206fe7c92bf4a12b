// A stack is created once, deliberately, by a person who then commits its stack file. Creating it
// from a CI runner with a non-default secrets provider (awskms://, a passphrase) writes the stack's
// `secretsprovider` and `encryptedkey` into a Pulumi.<stack>.yaml that the runner throws away; the
// stack's secrets can then no longer be decrypted from the repository's copy of the file.

import { backendLabel, DeliveryEnvironment } from "./environment";

/** The one command to run from the repository root, with the backend and secrets provider in effect. */
export function stackInitCommand(stack: string, e: DeliveryEnvironment): string {
    // PULUMI_BACKEND_URL on the command line rather than `pulumi login`: no change to the person's own login.
    const backend = e.backendUrl ? `PULUMI_BACKEND_URL=${e.backendUrl} ` : "";
    const provider = e.secretsProvider ?? "<provider, e.g. awskms://alias/pulumi-platform>";
    return `${backend}pulumi stack init ${stack} --secrets-provider ${provider}`;
}

export function stackInitInstructions(stack: string, e: DeliveryEnvironment): string {
    return (
        `Create it once from the repository root with \`${stackInitCommand(stack, e)}\`, ` +
        `then commit the \`secretsprovider:\` and \`encryptedkey:\` lines it writes into Pulumi.${stack}.yaml.`
    );
}

export function missingStackMessage(stack: string, e: DeliveryEnvironment): string {
    return (
        `stack ${stack} does not exist in the backend ${backendLabel(e)}. ${stackInitInstructions(stack, e)} ` +
        "Outside CI, --create-stack creates it in this run instead (the stack file must be committed all the same)."
    );
}

export function createStackInCiMessage(stack: string, e: DeliveryEnvironment): string {
    return (
        `refusing --create-stack with CI=true: a stack created on a CI runner writes its secrets provider and encrypted key ` +
        `into a Pulumi.${stack}.yaml that the runner never commits. ${stackInitInstructions(stack, e)}`
    );
}
