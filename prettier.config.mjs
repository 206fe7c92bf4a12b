// @ts-check
// `npm run format` / `npm run format:check`. Prettier rather than Biome's formatter: this repository is
// as much YAML (Pulumi stack files, workflows) and Markdown (README, docs/) as TypeScript, and Biome
// formats neither; ESLint stays the linter, so Biome's linter would add nothing. The options keep
// today's style (4-space indent, double quotes, semicolons, trailing commas, lines up to 140).

/** @type {import("prettier").Config} */
export default {
    printWidth: 140,
    tabWidth: 4,
    semi: true,
    singleQuote: false,
    trailingComma: "all",
    // Keep quoted keys as written: objects mix "kebab-case" and plain keys on purpose (IAM, Fluent Bit).
    quoteProps: "preserve",
    arrowParens: "always",
    endOfLine: "lf",
    overrides: [
        {
            // JSON, YAML and Markdown are indented by 2 today (and npm writes package.json that way).
            files: ["*.json", "*.yaml", "*.yml", "*.md"],
            options: { tabWidth: 2 },
        },
    ],
};
