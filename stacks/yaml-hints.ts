// What to tell someone whose value YAML changed before the program saw it. The program only sees
// the text the Pulumi CLI hands it ("1.3" for an unquoted 1.30, "34" for 0042, "2026-11-23
// 00:00:00 +0000 UTC" for 2026-11-23: lib/go-yaml.ts), so the hint works back from that text: it
// tries what might have been written, keeps what the CLI would turn into exactly this text and
// what the key accepts, and says to quote it.

import { cliTextOfPlain, goParseUint } from "../lib/go-yaml";

/** What might have been written, unquoted, for the CLI to hand over `received`. */
function writtenCandidates(received: string): string[] {
    const candidates: string[] = [];
    const number = /^-?[0-9]+(\.[0-9]+)?$/.exec(received);
    if (number) {
        // Trailing zeros dropped: 1.30 -> 1.3, 1.0 -> 1.
        const point = number[1] ? received : `${received}.`;
        candidates.push(`${point}0`, `${point}00`);
        // A leading zero read as octal: 0042 -> 34.
        const n = /^[0-9]+$/.test(received) ? goParseUint(received, 10) : undefined;
        if (n !== undefined && n > 0n) candidates.push(`0${n.toString(8)}`, `00${n.toString(8)}`);
    }
    const time = /^([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?) ([-+][0-9]{4}) (\S+)$/.exec(received);
    if (time) {
        const [, date, clock, offset] = time;
        const zone = offset === "+0000" ? "Z" : `${offset.slice(0, 3)}:${offset.slice(3)}`;
        if (clock === "00:00:00") candidates.push(date);
        candidates.push(`${date}T${clock}${zone}`, `${date} ${clock}`);
    }
    return candidates.filter((c) => cliTextOfPlain(c) === received);
}

/**
 * A hint for `received`, a text the key refuses: what was probably written unquoted (one `valid`
 * accepts and the CLI turns into `received`), and to quote it. Undefined when nothing fits.
 */
export function quoteHint(received: string, valid: (text: string) => boolean): string | undefined {
    const written = writtenCandidates(received).find(valid);
    if (written === undefined) return undefined;
    const what =
        received.includes(" UTC") || / [-+][0-9]{4} /.test(received)
            ? "a timestamp"
            : /^0[0-7]/.test(written)
              ? "an octal number"
              : "the number";
    return `YAML reads an unquoted ${written} as ${what}${what === "the number" || what === "an octal number" ? ` ${received}` : ""}: write "${written}" in quotes`;
}

const YAML_11_BOOLEANS = /^(y|yes|n|no|on|off)$/i;

/** A hint for a text a boolean key refuses: YAML 1.1's yes/no/on/off, or a quoted true/false. */
export function booleanHint(received: string): string | undefined {
    if (YAML_11_BOOLEANS.test(received))
        return `the Pulumi CLI reads YAML 1.2, where ${received} is text, not a boolean: write ${/^(y|yes|on)$/i.test(received) ? "true" : "false"}`;
    if (/^(true|false)$/i.test(received)) return `write ${received.toLowerCase()} unquoted`;
    return undefined;
}

/** True when `value` (a value read from JSON) holds a number or a boolean anywhere. */
function holdsNumberOrBoolean(value: unknown): boolean {
    if (typeof value === "number" || typeof value === "boolean") return true;
    if (Array.isArray(value)) return value.some(holdsNumberOrBoolean);
    if (typeof value === "object" && value !== null) return Object.values(value).some(holdsNumberOrBoolean);
    return false;
}

/** `value` with every number and boolean in it as the text the CLI wrote for it. */
export function quotedEverywhere(value: unknown): unknown {
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (Array.isArray(value)) return value.map(quotedEverywhere);
    if (typeof value === "object" && value !== null)
        return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, quotedEverywhere(x)]));
    return value;
}

/** A hint for a value where text is expected and YAML gave numbers or booleans (`fits` says whether quoting them would do). */
export function numbersHint(value: unknown, fits: (quoted: unknown) => boolean): string | undefined {
    if (!holdsNumberOrBoolean(value) || !fits(quotedEverywhere(value))) return undefined;
    return "YAML reads unquoted numbers and true/false as such (1.30 as 1.3, 0042 as 34): write text in quotes";
}

/**
 * A hint for an integer a key refuses that may have been written with a leading zero, which YAML
 * reads as octal (014 is 12): the decimal the digits say, when the key accepts it.
 */
export function octalHint(received: number, valid: (n: number) => boolean): string | undefined {
    if (!Number.isSafeInteger(received) || received <= 0) return undefined;
    const written = writtenCandidates(String(received)).find((c) => /^0+[0-7]+$/.test(c) && valid(Number(c)));
    return written === undefined
        ? undefined
        : `if it was written ${written}, YAML read that as the octal number ${received}: write ${Number(written)}`;
}

/** A hint for the empty text the CLI passes for a key written with nothing after it. */
export function emptyHint(received: string): string | undefined {
    return received === ""
        ? 'YAML gives a key with nothing after it no value, and the Pulumi CLI passes "": write a value, or remove the key for its default'
        : undefined;
}
