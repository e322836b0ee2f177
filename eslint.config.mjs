import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "data/**", "coverage/**", "artifacts/**", "bin/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  // Modules talk to each other through their index.ts only (ARCHITECTURE.md "Layout"): an import
  // that climbs to src/ and then reaches into another module's files is refused. The number of
  // "../" that reach src/ depends on how deep the importing file sits, hence one entry per depth.
  ...[1, 2, 3, 4].map((depth) => ({
    files: [`src/${"*/".repeat(depth)}*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^${"\\.\\./".repeat(depth)}[^./][^/]*/(?!index$).+`,
              message: "Import another module through its index.ts (e.g. '../directory'), not its internals.",
            },
          ],
        },
      ],
    },
  })),
  {
    files: ["scripts/**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", __dirname: "readonly", console: "readonly", process: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["src/**/migrations/*.ts", "src/cli/commands/*.ts", "src/**/entities/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
