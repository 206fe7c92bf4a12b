// Entry point of `pulumi up`: validate the stack's config before declaring anything, then build
// the environment. The exported object's properties are the stack outputs.

import { readEnvironment } from "./stacks/config";
import { buildPlatform, stackOutputs } from "./stacks/platform";

const env = readEnvironment();

export = stackOutputs(env, buildPlatform(env));
