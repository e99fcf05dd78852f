import {defineConfig} from "vitest/config";

const root = new URL("..", import.meta.url).pathname;

export default defineConfig({
  test: {
    root,
    // The machine has two cores; model-loading test files are heavier run side by side than one after another.
    fileParallelism: false,
    projects: [
      {test: {name: "unit", root, include: ["test/unit/**/*.test.ts"], testTimeout: 20_000}},
      {
        test: {
          name: "integration",
          root,
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000
        }
      },
      {
        test: {
          name: "browser",
          root,
          include: ["test/browser/**/*.test.ts"],
          // Builds the site once (npm run build) before the browser tests; they serve dist/ on 127.0.0.1.
          globalSetup: ["test/helpers/build-site.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000
        }
      }
    ]
  }
});
