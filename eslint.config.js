// Lint: the TypeScript rules, and one import per module (import-x/no-duplicates). Formatting is Prettier's job.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import {importX} from "eslint-plugin-import-x";

export default tseslint.config(
  {ignores: ["dist/", "node_modules/", "src/.observablehq/", "data/", "src/components/"]},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: {"import-x": importX},
    rules: {
      "import-x/no-duplicates": ["error", {"prefer-inline": false}],
      "@typescript-eslint/no-unused-vars": ["error", {argsIgnorePattern: "^_", varsIgnorePattern: "^_"}]
    }
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: {globals: {process: "readonly", console: "readonly", URL: "readonly"}}
  }
);
