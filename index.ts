// Entry point of `pulumi up`: validate the stack's config, then read what the account already holds
// (zones, add-on versions, running node group sizes, pushed images) before declaring anything, then
// build the environment. The returned object's properties are the stack outputs.

import { readEnvironment } from "./stacks/config";
import { lookupLiveState } from "./stacks/live-state";
import { buildPlatform, stackOutputs } from "./stacks/platform";

export = async () => {
    const env = readEnvironment();
    const live = await lookupLiveState(env);
    return stackOutputs(env, buildPlatform(env, live));
};
