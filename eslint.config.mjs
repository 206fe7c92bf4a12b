// @ts-check
// `npm run lint`: ESLint 9 (flat config) with typescript-eslint, over every script in the repository
// (the program, stacks/, components/, lib/, offline/, tools/, automation/, policy/, tests/,
// .github/scripts/). TypeScript is linted with type information, from the same tsconfig.json files
// `npm run typecheck` and the policy pack use; the plain JavaScript files (CommonJS loaders, the CI
// scripts, the CLI stand-in) without it. Formatting is Prettier's business (prettier.config.mjs), not this file's.
import path from "node:path";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import pulumi from "@pulumi/eslint-plugin";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig(
    globalIgnores(["**/node_modules/", "bin/", "out/", "policy/bin/", ".stryker-tmp/", "reports/"]),
    {
        // A disable comment that no longer silences anything is an error, so none outlives its reason.
        linterOptions: { reportUnusedDisableDirectives: "error" },
    },
    js.configs.recommended,
    tseslint.configs.recommendedTypeChecked,
    comments.recommended,
    {
        languageOptions: {
            // Each file is checked against its nearest tsconfig.json: the root one, or policy/'s for the pack.
            parserOptions: { projectService: true, tsconfigRootDir: root },
        },
        rules: {
            // Every eslint-disable says why (`-- reason`), e.g. the one place an `any` is unavoidable.
            "@eslint-community/eslint-comments/require-description": ["error", { ignore: ["eslint-enable"] }],
            // A `_` prefix marks a value left unused on purpose (a destructured field dropped, a
            // callback's leading parameter); tsc's noUnusedLocals already follows that convention.
            "@typescript-eslint/no-unused-vars": [
                "error",
                {
                    argsIgnorePattern: "^_",
                    varsIgnorePattern: "^_",
                    caughtErrorsIgnorePattern: "^_",
                    destructuredArrayIgnorePattern: "^_",
                    ignoreRestSiblings: true,
                },
            ],
            // Off: engine inputs and config values are typed unknown and turned into text with String()
            // on purpose; TypeScript types `unknown ?? "default"` as {}, which this rule takes for a plain object.
            "@typescript-eslint/no-base-to-string": "off",
        },
    },
    {
        // @pulumi/eslint-plugin 0.3.1 (ESLint 9 and typescript-eslint 8 since its 0.3.0): an Output in a
        // plain template literal renders as a warning text, not its value; pulumi.interpolate or apply()
        // is needed. It ships rules only, no preset, so they are named here; both need type information.
        // It depends on typescript ^5 itself: a move to TypeScript 6 would install a second copy for it.
        files: ["**/*.ts"],
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
    {
        files: ["tests/**/*.ts"],
        rules: {
            // Off in tests: the stand-ins for the stack driver and the clock implement async interfaces
            // without awaiting anything; `async` keeps their throws rejections, as in the real ones.
            "@typescript-eslint/require-await": "off",
        },
    },
    {
        // Plain JavaScript is in no tsconfig.json: lint it without type information.
        files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
        extends: [tseslint.configs.disableTypeChecked],
        languageOptions: { globals: globals.node },
    },
    {
        // The package has no "type": "module", so every .js file here is CommonJS, loaded with require().
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: { sourceType: "commonjs" },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
