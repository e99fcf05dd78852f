// What a reader's code cell can reach, in Chromium on the built site: the cells' worker (components/browser/run-cell.ts)
// has no DOM, inherits the page's Content-Security-Policy (no request to another origin, no eval), shares the site's
// storage (the reader's own), and cannot stop or hang the page: its time limit holds against a loop that never ends,
// a flood of console.log and huge allocations. The runner is the page's own module, made here with a 2 s limit.
import type {Page} from "playwright-core";
import {afterAll, beforeAll, expect, test} from "vitest";
import type {CellOutput} from "../../components/browser/run-cell.js";
import {MAX_LOG_LINES} from "../../components/browser/execute-cell.js";
import {openPage} from "../helpers/browser.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";
import {serveDirectory, type StaticServer} from "../helpers/static-server.js";

const site = useSiteAndBrowser();
const TIME_LIMIT = 2000;

/** Another origin (another port of 127.0.0.1) that answers anything, to anyone (CORS *): only the policy can stop a
 * request reaching it. */
let elsewhere: StaticServer;
beforeAll(async () => {
  elsewhere = await serveDirectory("/nonexistent", {
    intercept: (request, response) => {
      const isScript = request.url?.endsWith(".js");
      response.writeHead(200, {
        "access-control-allow-origin": "*",
        "content-type": isScript ? "text/javascript" : "text/plain"
      });
      response.end(isScript ? "export default 'loaded from elsewhere';" : "data from elsewhere");
      return true;
    }
  });
});
afterAll(() => elsewhere?.close());

interface Run {
  output: CellOutput;
  /** The longest the page's main thread went without running a 20 ms timer while the cell ran, in ms. */
  longestPause: number;
  /** From Run to output on the page, in ms. */
  elapsed: number;
}

/** The playground page, with a CellRunner of the page's own built module (the real worker, under the page's policy). */
async function openRunnerPage(): Promise<Page> {
  const {page} = await openPage(site.browser, `${site.url}/explore/playground?image=cat.png`);
  // A string, so that the test runner's transform leaves the page's import() alone.
  await page.evaluate(`(async () => {
    const href = (name) => document.querySelector('link[rel="modulepreload"][href*="/' + name + '."]').href;
    const [{CellRunner}, lesson] = await Promise.all([import(href("run-cell")), import(href("lesson"))]);
    window.__runner = new CellRunner({
      modelId: "v1-0.25", modelUrls: lesson.modelUrls["v1-0.25"], wasmUrls: lesson.wasmUrls, timeLimit: ${TIME_LIMIT}
    });
    await new Promise((resolve) => window.__runner.onStatus((status) => status.state !== "loading" && resolve()));
  })()`);
  return page;
}

function runCell(page: Page, code: string): Promise<Run> {
  return page.evaluate(async (code) => {
    const runner = (window as unknown as {__runner: {run(code: string): {output: Promise<CellOutput>}}}).__runner;
    let longestPause = 0;
    let last = performance.now();
    const heartbeat = setInterval(() => {
      const now = performance.now();
      longestPause = Math.max(longestPause, now - last);
      last = now;
    }, 20);
    const started = performance.now();
    const output = await runner.run(code).output;
    const elapsed = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200)); // the page after the output arrived
    clearInterval(heartbeat);
    return {output, longestPause, elapsed};
  }, code);
}

test("a cell has no DOM and no page storage API, and runs as strict-mode code", async () => {
  const page = await openRunnerPage();
  try {
    const {output} = await runCell(
      page,
      "return [typeof document, typeof window, typeof localStorage, typeof sessionStorage].join(' ');"
    );
    expect(output.result).toBe("undefined undefined undefined undefined");
    const sloppy = await runCell(page, "undeclared = 1;");
    expect(sloppy.output.error).toMatchObject({name: "ReferenceError", line: 1});
  } finally {
    await page.context().close();
  }
});

test("the page's policy holds in the worker: nothing reaches another origin, eval is refused", async () => {
  const page = await openRunnerPage();
  try {
    const other = elsewhere.url;
    const code = `
const violations = [];
self.addEventListener("securitypolicyviolation", (event) => violations.push(event.effectiveDirective));
const attempt = async (what, action) => {
  try { return what + ": reached (" + (await action()) + ")"; } catch (error) { return what + ": " + error.name; }
};
const outcomes = [
  await attempt("fetch", async () => (await fetch("${other}/data.txt")).status),
  await attempt("import", async () => (await import("${other}/module.js")).default),
  await attempt("XMLHttpRequest", () => new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("GET", "${other}/xhr.txt");
    request.onload = () => resolve(request.status);
    request.onerror = () => reject(new TypeError("network error"));
    request.send();
  })),
  await attempt("WebSocket", () => new Promise((resolve, reject) => {
    const socket = new WebSocket("${other.replace("http", "ws")}/socket");
    socket.onopen = () => resolve("open");
    socket.onerror = () => reject(new TypeError("socket error"));
  })),
  await attempt("EventSource", () => new Promise((resolve, reject) => {
    const source = new EventSource("${other}/events");
    source.onopen = () => resolve("open");
    source.onerror = () => { source.close(); reject(new TypeError("event source error")); };
  })),
  await attempt("Worker", () => new Promise((resolve, reject) => {
    const worker = new Worker("${other}/worker.js", {type: "module"});
    worker.onerror = (event) => { event.preventDefault(); reject(new TypeError("worker error")); };
    setTimeout(() => resolve("started"), 500);
  })),
  await attempt("eval", () => eval("1 + 1")),
  await attempt("same-origin fetch", async () => (await fetch("${site.url}/")).status)
];
await new Promise((resolve) => setTimeout(resolve, 100));
return {outcomes, violations: [...new Set(violations)].sort()};`;
    const {output} = await runCell(page, code);
    expect(output.error).toBeUndefined();
    const report = output.result!;
    console.log(`A cell's requests: ${report}`);
    for (const blocked of ["fetch", "import", "XMLHttpRequest", "WebSocket", "EventSource", "eval"]) {
      expect(report, blocked).not.toMatch(new RegExp(`"${blocked}: reached`));
    }
    expect(report).toMatch(/"eval: EvalError"/);
    expect(report).toMatch(/"same-origin fetch: reached \(200\)"/);
    // A worker script from another origin is refused before the policy is asked (same-origin rule).
    expect(report).toMatch(/"Worker: SecurityError"/);
    expect(report).toMatch(/violations: \["connect-src", "script-src", "script-src-elem"\]/);
    // Not one request arrived at the other origin.
    expect(elsewhere.requests).toEqual([]);
  } finally {
    await page.context().close();
  }
});

test("the site's storage is the reader's own, and a cell reaches it: IndexedDB and the Cache API", async () => {
  const page = await openRunnerPage();
  try {
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open("sandbox-probe", 1);
          request.onupgradeneeded = () => request.result.createObjectStore("notes").put("written by the page", "note");
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
          request.onerror = () => reject(request.error);
        })
    );
    const {output} = await runCell(
      page,
      `const db = await new Promise((resolve, reject) => {
  const request = indexedDB.open("sandbox-probe", 1);
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});
const note = await new Promise((resolve) => {
  const get = db.transaction("notes").objectStore("notes").get("note");
  get.onsuccess = () => resolve(get.result);
});
db.close();
return [note, typeof caches.open];`
    );
    expect(output.result).toBe('["written by the page", "function"]');
  } finally {
    await page.context().close();
  }
});

test(
  "the time limit holds, and the page stays responsive, against endless loops, floods and huge allocations",
  {timeout: 120_000},
  async () => {
    const page = await openRunnerPage();
    const crashed: string[] = [];
    page.on("crash", () => crashed.push("the page crashed"));
    try {
      const cases: {code: string; expect: (output: CellOutput) => void}[] = [
        {code: "while (true) {}", expect: (output) => expect(output.error?.name).toBe("Stopped")},
        {code: 'for (;;) console.log("flood");', expect: (output) => expect(output.error?.name).toBe("Stopped")},
        {
          code: 'for (let i = 0; i < 1e6; i++) console.log("line", i);',
          expect: (output) => {
            expect(output.logs).toHaveLength(MAX_LOG_LINES + 1);
            expect(output.logs.at(-1)?.text).toBe(
              "… and 999,000 more lines, not shown (a cell shows its first 1,000)."
            );
          }
        },
        {
          code: 'return "x".repeat(1e7);',
          expect: (output) => expect(output.result).toMatch(/^x{10000}… \(9,990,000 more characters\)$/)
        },
        {
          code: "return new Float32Array(1e7);",
          expect: (output) => expect(output.result).toMatch(/^Float32Array\(10000000\) \[0, 0,.*… 9999980 more\]$/)
        },
        {
          code: "const keep = [];\nfor (;;) {\n  keep.push(new Uint8Array(1e6).fill(1));\n  if (keep.length > 100) keep.shift();\n}",
          expect: (output) => expect(output.error?.name).toBe("Stopped")
        },
        {
          code: "new ArrayBuffer(2 ** 40);",
          expect: (output) => expect(output.error).toMatchObject({name: "RangeError", line: 1})
        },
        {
          code: '"x".repeat(2 ** 30);',
          expect: (output) => expect(output.error).toMatchObject({name: "RangeError", line: 1})
        },
        {
          code: "tf.zeros([50000, 50000]).sum();",
          expect: (output) => expect(output.error).toMatchObject({name: "RangeError", line: 1})
        }
      ];
      const report: string[] = [];
      for (const {code, expect: check} of cases) {
        const run = await runCell(page, code);
        const what = run.output.error ? `${run.output.error.name}: ${run.output.error.message}` : "done";
        report.push(
          `${code.split("\n")[0]} → ${what} after ${Math.round(run.elapsed)} ms; page paused ≤ ${Math.round(run.longestPause)} ms`
        );
        check(run.output);
        expect(run.elapsed, code).toBeLessThan(TIME_LIMIT + 3000);
        expect(run.longestPause, code).toBeLessThan(1000);
        // The next run works: a stopped worker was replaced, a failed one was left as it was.
        const after = await runCell(page, "return tf.add(1, 1);");
        expect(after.output.result, `after ${code}`).toMatch(/Tensor\s+2/);
      }
      console.log(`Cells against the time limit (${TIME_LIMIT} ms):\n  ${report.join("\n  ")}`);
      expect(crashed).toEqual([]);
    } finally {
      await page.context().close();
    }
  }
);
