import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // Integration and browser tests share one WASM runtime per file and the machine has two cores.
    fileParallelism: false
  }
});
