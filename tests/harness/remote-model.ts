// Outputs of the multi-language (remote) components the program uses. Under mocks only their
// top-level resource exists, so these models must return what the real component returns, in
// the real formats, for the wiring downstream of them to be exercised.

import { ResourceModel } from "./aws-model";

export const REMOTE_COMPONENT_MODELS: Readonly<Record<string, ResourceModel>> = {};
