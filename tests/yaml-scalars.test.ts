// Values keep the text the Pulumi CLI would give the program. The CLI reads stack files with
// gopkg.in/yaml.v3 and writes values back the Go way (lib/go-yaml.ts); the offline reader must give
// the program the very same text, so the offline preview and `pulumi preview` never disagree.
// tests/fixtures/cli-config/expected.json is the output of the real libraries (reference.go) over
// cases.json; the table below spells out the cases that matter most, with where each rule lives.

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { goFormatG, goJsonFloat, goTimeString, parseTimestamp, resolveScalar } from "../lib/go-yaml";
import { noteText, readConfigText, readStackFile, StackFileError } from "../lib/stack-file";
import { loadStackConfig } from "../offline/stack-config";

const FIXTURES = path.join(__dirname, "fixtures", "cli-config");

interface Case {
    readonly name: string;
    readonly yaml: string;
}
interface Expected {
    readonly values?: Record<string, string>;
    readonly secretKeys?: string[];
    readonly error?: string;
}

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "yaml-scalars-"));
}

/** What the offline reader makes of `yaml` as a stack file of project "platform". */
function readAsStackFile(yaml: string, dir = tempDir()): ReturnType<typeof readStackFile> {
    const file = path.join(dir, "Pulumi.t.yaml");
    fs.writeFileSync(file, yaml);
    return readStackFile(file, "platform");
}

describe("stack file values: the text the Pulumi CLI hands the program", () => {
    // [written unquoted, the text the program gets at the top of a key, the rule and where it is].
    const table: [string, string, string][] = [
        ["1.30", "1.3", "a float (go-yaml resolve.go yamlStyleFloat), written back by encoding/json"],
        ["1.35", "1.35", "the same rule, nothing lost"],
        ["0042", "34", "strconv.ParseInt(s, 0, 64): a leading 0 is octal (resolve.go, 'D' hint)"],
        ["08", "8", "not octal, so ParseInt fails; yamlStyleFloat reads 8.0; the re-read (loaders.go) makes it the int 8"],
        ["0o17", "15", "ParseInt base 0 reads 0o"],
        ["0x1F", "31", "ParseInt base 0 reads 0x"],
        ["0b101", "5", "ParseInt base 0 reads 0b"],
        ["1e3", "1000", "a float 1000, written back as 'g' \"1000\" and re-read as an int (loaders.go LoadProjectStackBytes)"],
        ["1e21", "1e+21", "encoding/json's 'e' form from 1e21 up"],
        ["1e-7", "1e-7", "encoding/json's 'e' form below 1e-6, e-07 cleaned to e-7"],
        ["1_000", "1000", "resolve.go strips underscores before ParseInt"],
        ["+1", "1", "ParseInt takes a sign"],
        ["-0", "0", "ParseInt: 0"],
        ["-0.0", "0", "float -0 is written back 'g' as -0, re-read as the int 0"],
        [".5", "0.5", "the '.' hint: ParseFloat"],
        ["1.", "1", "yamlStyleFloat allows a bare point"],
        ["9223372036854775808", "9223372036854775808", "past int64, ParseUint takes it (exact at the top of a key)"],
        ["18446744073709551616", "18446744073709552000", "past uint64, a float"],
        ["1e400", "1e400", "ParseFloat's range error: the text stays a string"],
        ["true", "true", "the resolve map's booleans"],
        ["TRUE", "true", "True and TRUE too"],
        ["tRUE", "tRUE", "but no other spelling"],
        ["yes", "yes", "YAML 1.1's yes is text in yaml.v3"],
        ["on", "on", "and so is on"],
        ["null", "", 'null: no value, "" (loaders.go checkForEmptyConfig)'],
        ["~", "", "~ too"],
        ["2026-01-01", "2026-01-01 00:00:00 +0000 UTC", "resolve.go parseTimestamp, then object.go: time.Time.String()"],
        ["2026-1-2", "2026-01-02 00:00:00 +0000 UTC", "Go's layout 2006-1-2 takes one-digit months and days"],
        ["2026-01-01T10:00:00+09:00", "2026-01-01 10:00:00 +0900 +0900", "an offset with no zone name prints the offset twice"],
        ["2026-02-30", "2026-02-30", "time.Parse refuses the day: text"],
        ["2026-11-23-abc1234", "2026-11-23-abc1234", "extra text after the date: text"],
        ["'1.30'", "1.30", "quoted: text as written"],
        ['"0042"', "0042", "quoted: text as written"],
        ["!!str 1.30", "1.30", "an explicit !!str tag: text"],
        ["v1.30", "v1.30", "not a number at all"],
    ];
    for (const [written, received, rule] of table) {
        it(`${written} -> ${JSON.stringify(received)}: ${rule}`, () => {
            assert.strictEqual(readAsStackFile(`config:\n  platform:v: ${written}\n`).values["platform:v"], received);
        });
    }

    it("NaN and infinities are refused, naming the file, the line and the key, as the CLI cannot pass them", () => {
        for (const written of [".inf", "-.inf", ".nan", "[1, .Inf]"]) {
            assert.throws(
                () => readAsStackFile(`config:\n  aws:region: ap-northeast-1\n  platform:v: ${written}\n`),
                (e: unknown) =>
                    e instanceof StackFileError && /Pulumi\.t\.yaml:3:\d+: platform:v(\[1\])?: .*unsupported value/.test(e.message),
                written,
            );
        }
    });

    it("aliases that multiply the file past any stack file's size are refused, quickly", () => {
        const levels = ["  platform:a: &a [x, x, x, x, x, x, x, x, x, x]"];
        for (let i = 1; i < 8; i++) {
            const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
            levels.push(`  platform:${name}: &${name} [${Array(10).fill(`*${previous}`).join(", ")}]`);
        }
        const started = Date.now();
        assert.throws(() => readAsStackFile(`config:\n${levels.join("\n")}\n`), /excessive aliasing/);
        assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
    });

    it("lists and maps are the CLI's JSON: keys sorted, non-string keys as fmt prints them, nested values by the same rules", () => {
        const c = readAsStackFile(
            "config:\n  platform:m: {b: 0042, a: [1.30, 2026-01-01, ~, yes], 1: x, true: y}\n  platform:l: [18446744073709551616, 9223372036854775808]\n",
        );
        assert.strictEqual(c.values["platform:m"], '{"1":"x","a":[1.3,"2026-01-01 00:00:00 +0000 UTC",null,"yes"],"b":34,"true":"y"}');
        // Object values are read back with json.Number on the way to the program: past int64, a float.
        assert.strictEqual(c.values["platform:l"], "[18446744073709552000,9223372036854776000]");
    });

    it("secure values are secret at any depth; a map that only looks secure is not", () => {
        const c = readAsStackFile(
            "config:\n  platform:a:\n    secure: AAAB\n  platform:b:\n    - password:\n        secure: AAAC\n  platform:c: {secure: 1}\n",
        );
        assert.deepStrictEqual(c.secretKeys, ["platform:a", "platform:b"]);
        assert.deepStrictEqual(c.values, {
            "platform:a": "[secret]",
            "platform:b": '[{"password":"[secret]"}]',
            "platform:c": '{"secure":1}',
        });
    });

    it("every case of the Go reference reads the same offline (tests/fixtures/cli-config)", () => {
        const cases = JSON.parse(fs.readFileSync(path.join(FIXTURES, "cases.json"), "utf8")) as Case[];
        const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, "expected.json"), "utf8")) as Record<string, Expected>;
        assert.ok(cases.length > 200, String(cases.length));
        const dir = tempDir();
        const differences: string[] = [];
        for (const c of cases) {
            const want = expected[c.name];
            let got: Expected;
            try {
                const read = readAsStackFile(c.yaml, dir);
                got = { values: read.values, ...(read.secretKeys.length > 0 ? { secretKeys: read.secretKeys } : {}) };
            } catch (e) {
                if (!(e instanceof StackFileError)) throw e;
                got = { error: e.message };
            }
            const same = want.error !== undefined ? got.error !== undefined : JSON.stringify(sorted(got)) === JSON.stringify(sorted(want));
            if (!same) differences.push(`${c.name}: offline ${JSON.stringify(got)}, CLI ${JSON.stringify(want)}`);
        }
        assert.deepStrictEqual(differences, []);
    });

    it("a --set value is read as if the stack file held it", () => {
        const read = readConfigText("1.30", "platform:kubernetesVersion", "--set");
        assert.deepStrictEqual(
            { ...read, notes: read.notes.map((n) => noteText(n)) },
            {
                text: "1.3",
                secret: false,
                notes: [
                    '--set: platform:kubernetesVersion: YAML reads the unquoted 1.30 as a number; the program gets "1.3" (so does `pulumi preview`); write "1.30" in quotes to pass the text as written',
                ],
            },
        );
        assert.strictEqual(readConfigText('"1.30"', "platform:kubernetesVersion", "--set").text, "1.30");
        assert.strictEqual(readConfigText("[b, 0042]", "platform:l", "--set").text, '["b",34]');
        assert.strictEqual(readConfigText("", "platform:l", "--set").text, null);
    });
});

function sorted(x: Expected): Expected {
    return { ...x, values: x.values && Object.fromEntries(Object.entries(x.values).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

describe("notes: where YAML changed what was written", () => {
    it("names the file, line, column and key of each changed value, and each key without a value", () => {
        const c = readAsStackFile(
            "config:\n  platform:kubernetesVersion: 1.30\n  platform:azCount: 0042\n  platform:owner:\n  platform:ecsServices:\n    - port: 08080\n      imageTag: 2026-11-23\n      environment: {A: 0042}\n",
        );
        assert.deepStrictEqual(
            c.notes.map((n) => noteText(n).replace(/^.*Pulumi\.t\.yaml/, "Pulumi.t.yaml")),
            [
                'Pulumi.t.yaml:2:31: platform:kubernetesVersion: YAML reads the unquoted 1.30 as a number; the program gets "1.3" (so does `pulumi preview`); write "1.30" in quotes to pass the text as written',
                'Pulumi.t.yaml:3:21: platform:azCount: YAML reads the unquoted 0042 as an octal number; the program gets "34" (so does `pulumi preview`); write "0042" in quotes to pass the text as written',
                'Pulumi.t.yaml:4:3: platform:owner has no value: the program gets "" (the Pulumi CLI warns of it too); write "" to say so',
                'Pulumi.t.yaml:7:17: platform:ecsServices[0].imageTag: YAML reads the unquoted 2026-11-23 as a timestamp; the program gets "2026-11-23 00:00:00 +0000 UTC" (so does `pulumi preview`); write "2026-11-23" in quotes to pass the text as written',
                'Pulumi.t.yaml:8:24: platform:ecsServices[0].environment.A: YAML reads the unquoted 0042 as an octal number; the program gets 34 (so does `pulumi preview`); write "0042" in quotes to pass the text as written',
            ],
        );
    });

    it("never shows a value under a secret-bearing name, nor where the caller cannot vouch for it", () => {
        const c = readAsStackFile("config:\n  platform:l:\n    - DB_PASSWORD: 0042\n      x: 1.30\n  platform:pin: 0042\n");
        const texts = c.notes.map((n) => noteText(n, (key) => key !== "platform:pin"));
        assert.strictEqual(texts.length, 2);
        for (const text of texts) {
            // Only the message after the file position: the temporary directory's random name may hold any digits.
            assert.doesNotMatch(text.slice(text.indexOf("Pulumi.t.yaml:")), /0042|\b34\b/);
            assert.match(text, /YAML reads this unquoted value as an octal number, and the program gets other text/);
        }
    });

    it("says nothing where the text survives, or a nested number keeps the value its digits say (08080 is 8080)", () => {
        const c = readAsStackFile(
            "config:\n  platform:a: 2\n  platform:b: true\n  platform:c: [08080, 1.30, '0042']\n  platform:d: text\n",
        );
        assert.deepStrictEqual(c.notes, []);
    });

    it("the project's own stack files read without a note", () => {
        for (const stack of ["dev", "prd"]) assert.deepStrictEqual(loadStackConfig(stack).notes, [], stack);
    });
});

describe("Go's formatting, restated", () => {
    it("FormatFloat 'g' (yaml.v3's float) and encoding/json's float", () => {
        const g: [number, string][] = [
            [1.3, "1.3"],
            [1000, "1000"],
            [1e6, "1e+06"],
            [123456.5, "123456.5"],
            [1e-5, "1e-05"],
            [0.0001, "0.0001"],
            [-0, "-0"],
            [1.5e300, "1.5e+300"],
            [Infinity, "+Inf"],
        ];
        for (const [f, text] of g) assert.strictEqual(goFormatG(f), text, String(f));
        const json: [number, string][] = [
            [1e6, "1000000"],
            [1e20, "100000000000000000000"],
            [1e21, "1e+21"],
            [1e-6, "0.000001"],
            [1.5e-7, "1.5e-7"],
            [-0, "-0"],
        ];
        for (const [f, text] of json) assert.strictEqual(goJsonFloat(f), text, String(f));
        assert.throws(() => goJsonFloat(NaN), /unsupported value: NaN/);
    });

    it("timestamps: the formats yaml.v3 tries, and time.Time.String()", () => {
        const t = parseTimestamp("2026-01-01 10:00:00.25");
        assert.ok(t);
        assert.strictEqual(goTimeString(t), "2026-01-01 10:00:00.25 +0000 UTC");
        for (const notATime of ["2026-01-01T10:00:00", "2026-01-01 10:00", "26-01-01", "2026-01-01T10:00:00.1234567891Z", "2024-02-30"])
            assert.strictEqual(parseTimestamp(notATime), undefined, notATime);
        assert.deepStrictEqual(resolveScalar("2024-02-29").kind, "time");
    });

    it("explicit tags: a value yaml.v3 cannot decode as its tag is refused", () => {
        assert.throws(
            () => readAsStackFile("config:\n  platform:v: !!int 1.5\n"),
            /Pulumi\.t\.yaml:2:\d+: platform:v: cannot decode !!float `1\.5` as a !!int/,
        );
    });
});
