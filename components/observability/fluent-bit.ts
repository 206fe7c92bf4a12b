// The `aws-logging` ConfigMap that EKS on Fargate's built-in Fluent Bit log router reads, rendered
// from typed settings. Fargate accepts only [FILTER], [OUTPUT] and [PARSER] sections (it owns the
// input and service sections), a fixed set of plugins, and at most 5300 characters in all.

import { names } from "../../lib/names";

/** Plugins Fargate's log router supports (EKS user guide, "Fargate logging"). */
export const FARGATE_FILTER_PLUGINS = [
    "grep",
    "parser",
    "record_modifier",
    "rewrite_tag",
    "throttle",
    "nest",
    "modify",
    "kubernetes",
] as const;
export const FARGATE_OUTPUT_PLUGINS = ["cloudwatch_logs", "cloudwatch", "es", "firehose", "kinesis_firehose", "kinesis_streams"] as const;
export const MAX_CONFIGMAP_CHARACTERS = 5300;

/** The container runtime's log line: "<time> <stream> <P|F> <message>"; parsed so records keep stream and time. */
export const CRI_PARSER = {
    name: "crio",
    regex: "^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>P|F) (?<log>.*)$",
    timeKey: "time",
    timeFormat: "%Y-%m-%dT%H:%M:%S.%L%z",
} as const;

export interface FargateLoggingSettings {
    readonly region: string;
    /** A group we create with retention, so the router never needs auto_create_group. */
    readonly logGroupName: string;
    readonly logStreamPrefix: string;
    /** flb_log_cw: ship Fluent Bit's own logs to "<cluster>-fluent-bit-logs" (useful to debug the router; costs ingestion). */
    readonly shipRouterLogs: boolean;
    /** Parse the CRI log line before the kubernetes filter (keeps stdout/stderr and the container's timestamp). */
    readonly parseCriLines: boolean;
}

type Section = { readonly kind: "FILTER" | "OUTPUT" | "PARSER"; readonly entries: readonly (readonly [string, string])[] };

function render(sections: readonly Section[]): string {
    const width = Math.max(...sections.flatMap((s) => s.entries.map(([k]) => k.length)));
    return sections.map((s) => [`[${s.kind}]`, ...s.entries.map(([k, v]) => `    ${k.padEnd(width)} ${v}`)].join("\n")).join("\n\n") + "\n";
}

/** The ConfigMap's data: output.conf, filters.conf, parsers.conf (when a parser is used) and flb_log_cw. */
export function renderFargateLogging(settings: FargateLoggingSettings): Record<string, string> {
    const filters: Section[] = [];
    if (settings.parseCriLines) {
        filters.push({
            kind: "FILTER",
            entries: [
                ["Name", "parser"],
                ["Match", "*"],
                ["Key_name", "log"],
                ["Parser", CRI_PARSER.name],
            ],
        });
    }
    // Adds pod, namespace, labels and container to every record, with the settings of the EKS Fargate
    // logging guide: Buffer_Size 0 lifts the response-size limit that drops the metadata of pods with
    // many labels, and the metadata cache spares the API server a call per record.
    filters.push({
        kind: "FILTER",
        entries: [
            ["Name", "kubernetes"],
            ["Match", "kube.*"],
            ["Merge_Log", "On"],
            ["Keep_Log", "Off"],
            ["Buffer_Size", "0"],
            ["Kube_Meta_Cache_TTL", "300s"],
        ],
    });
    const output: Section = {
        kind: "OUTPUT",
        entries: [
            ["Name", "cloudwatch_logs"],
            ["Match", "kube.*"],
            ["region", settings.region],
            ["log_group_name", settings.logGroupName],
            ["log_stream_prefix", settings.logStreamPrefix],
            ["auto_create_group", "false"],
        ],
    };
    const data: Record<string, string> = {
        "flb_log_cw": String(settings.shipRouterLogs),
        "filters.conf": render(filters),
        "output.conf": render([output]),
    };
    if (settings.parseCriLines) {
        data["parsers.conf"] = render([
            {
                kind: "PARSER",
                entries: [
                    ["Name", CRI_PARSER.name],
                    ["Format", "regex"],
                    ["Regex", CRI_PARSER.regex],
                    ["Time_Key", CRI_PARSER.timeKey],
                    ["Time_Format", CRI_PARSER.timeFormat],
                ],
            },
        ]);
    }
    const size = Object.entries(data).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
    if (size > MAX_CONFIGMAP_CHARACTERS) {
        throw new Error(`aws-logging ConfigMap would be ${size} characters; Fargate accepts at most ${MAX_CONFIGMAP_CHARACTERS}`);
    }
    return data;
}

/** The log group Fargate writes Fluent Bit's own logs to when flb_log_cw is true. */
export function routerLogGroupName(clusterName: string): string {
    return names.fargateRouterLogGroup(clusterName);
}
