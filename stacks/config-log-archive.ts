// Log archive settings: read and validated with the rest of the stack config (see ./config.ts).

import { GLACIER_IR_MINIMUM_DAYS, MAX_EXPIRE_DAYS, TRANSITION_DAYS } from "../components/observability/log-archive-facts";
import { ConfigReader, key } from "./config-reader";

export interface LogArchiveSettings {
    readonly enabled: boolean;
    readonly transitionDays: number;
    readonly expireDays: number;
}

export function readLogArchiveSettings(r: ConfigReader, context: { readonly archivableLogGroups: number }): LogArchiveSettings {
    const enabled = r.boolean("logArchive");
    const transitionDays = r.integer(
        "logArchiveTransitionDays",
        (v) => v >= TRANSITION_DAYS.min && v <= TRANSITION_DAYS.max,
        `${TRANSITION_DAYS.min}..${TRANSITION_DAYS.max}`,
    );
    const transitionKnown = !r.hasIssue(key("logArchiveTransitionDays"));
    const minExpire = transitionKnown ? transitionDays + GLACIER_IR_MINIMUM_DAYS : TRANSITION_DAYS.min + GLACIER_IR_MINIMUM_DAYS;
    const expireDays = r.integer(
        "logArchiveExpireDays",
        // Glacier IR bills 90 days at least: an object deleted sooner costs as if it had stayed.
        (v) => v >= minExpire && v <= MAX_EXPIRE_DAYS,
        transitionKnown
            ? `${minExpire}..${MAX_EXPIRE_DAYS} (logArchiveTransitionDays ${transitionDays} + Glacier IR's ${GLACIER_IR_MINIMUM_DAYS}-day minimum storage)`
            : `logArchiveTransitionDays + ${GLACIER_IR_MINIMUM_DAYS}..${MAX_EXPIRE_DAYS}`,
    );
    if (enabled && context.archivableLogGroups === 0) {
        r.issue(
            key("logArchive"),
            "true",
            "no log group to archive: no ECS service and EKS off",
            "false, or ECS services or eksEnabled true",
        );
    }
    return { enabled, transitionDays, expireDays };
}
