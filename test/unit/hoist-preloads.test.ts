// scripts/hoist-preloads.ts: a page's own preload links move from <main> to the top of <head>, after its policy.
import {describe, expect, it} from "vitest";
import {hoistPreloads} from "../../scripts/hoist-preloads.js";

const page = (head: string, main: string) => `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">${head}
<link rel="modulepreload" href="./_observablehq/client.1a2b3c4d.js">
<title>Home</title>
</head>
<body>
<main id="observablehq-main">
<!-- what the first prediction waits for -->
${main}<h1>The app</h1>
</main>
</body>
</html>
`;

const policy = `\n<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`;
const wasm = `<link rel="preload" as="fetch" crossorigin="" href="./_file/data/wasm/simd.77ebb28a.wasm">`;
const weights = `<link rel="preload" as="fetch" crossorigin="" href="./_file/data/models/v1.59ab9cc1.weights">`;

describe("hoistPreloads", () => {
  it("moves the body's preloads, in order, to right after the policy, and nothing else", () => {
    const hoisted = hoistPreloads(page(policy, `${wasm}\n${weights}\n`));
    expect(hoisted).toBe(
      `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
${wasm}
${weights}
<link rel="modulepreload" href="./_observablehq/client.1a2b3c4d.js">
<title>Home</title>
</head>
<body>
<main id="observablehq-main">
<!-- what the first prediction waits for -->
<h1>The app</h1>
</main>
</body>
</html>
`
    );
    expect(hoistPreloads(hoisted)).toBe(hoisted);
  });

  it("puts them after the charset on a page without a policy", () => {
    expect(hoistPreloads(page("", `${weights}\n`))).toMatch(
      /<meta charset="utf-8">\n<link rel="preload"[^>]*weights">\n<link rel="modulepreload"/
    );
  });

  it("leaves a page without preloads as it is", () => {
    const html = page(policy, "");
    expect(hoistPreloads(html)).toBe(html);
  });
});
