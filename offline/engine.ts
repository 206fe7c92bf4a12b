// The offline engine: Pulumi's mock monitor, extended to record every registered resource (type,
// name, inputs, parent, dependencies, provider, options) and every invoke, answering with the
// realistic outputs of ./aws-model.ts. Used by the tests and by the offline tools (preview, graph
// diff, policy run, bench), so what the preview shows is exactly what the tests assert on.

import * as pulumi from "@pulumi/pulumi";
import { AwsContext, INVOKE_MODELS, RESOURCE_MODELS, State } from "./aws-model";
import { kubernetesModelFor } from "./kubernetes-model";
import { NotFoundError } from "./model-kit";
import { currentMockMonitor, deserializeProperties, MockMonitor, waitForRPCs } from "./sdk-internals";

export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** A custom resource (provider-managed); false for components. */
    readonly custom: boolean;
    /** A multi-language component (awsx, eks): its children are invisible here. */
    readonly remote: boolean;
    readonly parent?: string;
    readonly dependencies: readonly string[];
    /** Per input property, the URNs it depends on (what the policy engine passes as propertyDependencies). */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly provider?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** The deleteBeforeReplace resource option: a replacement deletes the old resource before creating the new one. */
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: readonly string[];
    readonly inputs: State;
    id?: string;
    outputs: State;
}

export interface RecordedInvoke {
    readonly token: string;
    readonly args: State;
}

/** Component types that are plain containers for their children (no provider behind them). */
const LOCAL_COMPONENT_PREFIXES = ["platform:", "pulumi:pulumi:Stack"];

export interface OfflineEngineOptions {
    readonly project: string;
    readonly stack: string;
    readonly region: string;
    readonly accountId?: string;
    /** The role the offline caller's session belongs to; default gha-<project>-<stack>-deploy (the deploy role scripts/bootstrap-account.sh creates). */
    readonly callerRole?: string;
    /** Behave like `pulumi preview` (true) or `pulumi up` (false). Outputs are known either way. */
    readonly preview?: boolean;
    /** What a `pulumi.StackReference` to each stack name reads: its outputs and which of them are secret. */
    readonly stackReferences?: Readonly<Record<string, StackReferenceState>>;
}

export interface StackReferenceState {
    readonly outputs: Record<string, unknown>;
    readonly secretOutputNames: readonly string[];
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

export class OfflineEngine {
    readonly resources: RecordedResource[] = [];
    readonly invokes: RecordedInvoke[] = [];
    /** Problems the mocks hit (unknown types, failing models); surfaced by settle(). */
    readonly errors: Error[] = [];
    readonly context: AwsContext;

    constructor(readonly options: OfflineEngineOptions) {
        this.context = {
            region: options.region,
            accountId: options.accountId ?? "123456789012",
            callerRole: options.callerRole ?? `gha-${options.project}-${options.stack}-deploy`,
        };
    }

    /** Waits until every outstanding registration and invoke has been answered, then reports mock failures. */
    async settle(): Promise<void> {
        await waitForRPCs();
        if (this.errors.length > 0) {
            throw new Error(`offline engine: ${this.errors.length} failure(s):\n` + this.errors.map((e) => `  - ${e.message}`).join("\n"));
        }
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
        // The SDK types a resource's inputs and an invoke's arguments as any; they are plain property maps.
        const inputs = args.inputs as State;
        const isLocalComponent = !args.custom && LOCAL_COMPONENT_PREFIXES.some((p) => args.type.startsWith(p));
        if (isLocalComponent) {
            return { id: undefined, state: {} };
        }
        if (args.type.startsWith("pulumi:providers:")) {
            return { id: `${args.name}-provider-id`, state: inputs };
        }
        if (args.type === STACK_REFERENCE) return this.stackReference(args.name, String(inputs.name));
        // A remote (multi-language) component would show only its top-level resource here, hiding
        // everything the tests assert on: the platform uses none, and one appearing fails loudly.
        const model = args.custom ? (RESOURCE_MODELS[args.type] ?? kubernetesModelFor(args.type)) : undefined;
        if (!model) {
            const error = new Error(
                args.custom
                    ? `no output model for resource type ${args.type} (${args.name}); add one to offline/aws-model*.ts`
                    : `remote component ${args.type} (${args.name}): its children are invisible offline; build it from provider resources`,
            );
            this.errors.push(error);
            throw error;
        }
        const result = model(args.name, inputs, this.context);
        return { id: result.id, state: { ...inputs, ...result.state } };
    }

    /** Like the service: a stack that does not exist is an error, not an empty set of outputs. */
    private stackReference(name: string, stackName: string): { id: string; state: State } {
        const referenced = this.options.stackReferences?.[stackName];
        if (!referenced) {
            const error = new Error(`unknown stack "${stackName}" (stack reference ${name}): the offline run was given no outputs for it`);
            this.errors.push(error);
            throw error;
        }
        return {
            id: stackName,
            state: { name: stackName, outputs: referenced.outputs, secretOutputNames: [...referenced.secretOutputNames] },
        };
    }

    call(args: pulumi.runtime.MockCallArgs): State {
        const inputs = args.inputs as State;
        this.invokes.push({ token: args.token, args: inputs });
        const model = INVOKE_MODELS[args.token];
        if (!model) {
            const error = new Error(`no model for invoke ${args.token}; add one to offline/aws-model*.ts`);
            this.errors.push(error);
            throw error;
        }
        try {
            return model(inputs, this.context);
        } catch (e) {
            // "Not found" is an answer the program handles (a first deploy), not a gap in the models.
            if (!(e instanceof NotFoundError)) this.errors.push(e instanceof Error ? e : new Error(String(e)));
            throw e;
        }
    }
}

/** Starts a fresh offline engine for one program run. Config must be set before the program reads it. */
export function installOfflineEngine(options: OfflineEngineOptions): OfflineEngine {
    const engine = new OfflineEngine(options);
    const mocks: pulumi.runtime.Mocks = {
        newResource: (args) => engine.newResource(args),
        call: (args) => engine.call(args),
    };
    // setMocks also switches on the SDK features the real engine has (secrets, resource references);
    // its monitor is then taught to record what the Mocks API does not pass along (parent,
    // dependencies, options). Replacing the monitor instead would reset those feature flags.
    void pulumi.runtime.setMocks(mocks, options.project, options.stack, options.preview ?? true);
    recordRegistrations(currentMockMonitor(), engine);
    return engine;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getRemote(): boolean;
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getDeletebeforereplace(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    getIgnorechangesList(): string[];
    getObject(): unknown;
}

function recordRegistrations(monitor: MockMonitor, engine: OfflineEngine): void {
    (monitor as unknown as { newUrn(parent: string, type: string, name: string): string }).newUrn = (parent, type, name) =>
        urnOf(engine.options, parent, type, name);
    const register = monitor.registerResource.bind(monitor);
    // The mock monitor's API is untyped JavaScript; the request is a generated protobuf message.
    monitor.registerResource = (
        req: RegisterRequest,
        callback: (err: Error | null, response?: RegisterResponse) => void,
    ): Promise<void> => {
        const type = req.getType();
        const name = req.getName();
        const record: RecordedResource = {
            urn: urnOf(engine.options, req.getParent(), type, name),
            type,
            name,
            custom: req.getCustom(),
            remote: req.getRemote(),
            parent: req.getParent() || undefined,
            dependencies: [...req.getDependenciesList()].sort(),
            propertyDependencies: propertyDependenciesOf(req),
            provider: req.getProvider() || undefined,
            protect: Boolean(req.getProtect()),
            retainOnDelete: Boolean(req.getRetainondelete()),
            deleteBeforeReplace: Boolean(req.getDeletebeforereplace()),
            ignoreChanges: [...req.getIgnorechangesList()],
            inputs: deserializeProperties(req.getObject()),
            outputs: {},
        };
        engine.resources.push(record);
        return register(req, (err: Error | null, response?: RegisterResponse) => {
            if (response) {
                record.id = response.getId() || undefined;
                record.outputs = deserializeProperties(response.getObject());
            }
            callback(err, response);
        });
    };
}

function propertyDependenciesOf(req: RegisterRequest): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
        out[key] = [...deps.getUrnsList()].sort();
    });
    return out;
}

interface RegisterResponse {
    getId(): string;
    getObject(): unknown;
}

/**
 * The URN the engine gives a resource: stack, project, the parent's whole type chain without the
 * root stack's type, then the name (as @pulumi/pulumi's createUrn and the engine build it). The
 * SDK's mock monitor keeps only the parent's last type, which would make offline URNs of nested
 * resources differ from the real ones that `--target`, `--exclude` and aliases name.
 */
export function urnOf(options: { stack: string; project: string }, parent: string, type: string, name: string): string {
    const root = `urn:pulumi:${options.stack}::${options.project}::`;
    if (!parent) return `${root}${type}::${name}`;
    const prefix = `${parent.substring(0, parent.lastIndexOf("::"))}$`;
    return prefix.endsWith("::pulumi:pulumi:Stack$") ? `${root}${type}::${name}` : `${prefix}${type}::${name}`;
}
