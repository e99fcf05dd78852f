// The lesson in Chromium against a minimal page doing the same job: time to first prediction, JavaScript bytes, long
// tasks, the /softmax slider, an occlusion map if a page has one, and memory over many inferences in the page.
import {existsSync} from "node:fs";
import {mkdir, mkdtemp, readFile, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {gunzipSync} from "node:zlib";
import {join, parse, relative, resolve, sep} from "node:path";
import {build, type Plugin} from "esbuild";
import type {Browser, BrowserContext, Page, Response} from "playwright-core";
import {PROJECT_ROOT} from "../../components/node/assets.js";
import {launchChromium} from "../helpers/browser.js";
import type {StaticServer} from "../helpers/static-server.js";
import {pageHtml, type BaselineFiles} from "./baseline/page.js";
import type {OcclusionBatchingResult, PageMemoryResult} from "./baseline/pipeline-memory.js";
import {
  applyProfile,
  checkProfile,
  isThrottled,
  PHONE_4G,
  PROFILES,
  throttleCpu,
  writeCheckFiles,
  type NetworkProfile,
  type ProfileCheck
} from "./network-profiles.js";
import {hashedFile, serveBenchSite} from "./site.js";
import {quantile, ratio, round, summarize, type Summary} from "./stats.js";
import {errorMessage} from "../../components/pipeline/errors.js";
import {WeightPlanesReader} from "../../components/pipeline/weight-planes.js";
import {precompress} from "../../scripts/precompress.js";

export interface LongTaskFigure {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface LoadFigure {
  /** Navigation start → `.top-classes li` visible (ms), per repetition. */
  coldMs: Summary;
  warmMs: Summary;
  /** Long tasks (> 50 ms) until the first prediction, median over repetitions. */
  longTasksCold: LongTaskFigure;
  longTasksWarm: LongTaskFigure;
  /** Median milestones of the cold and warm loads (ms from navigation start). */
  phasesCold: Phases;
  phasesWarm: Phases;
  /** Bytes of every response of the cold load, by kind: as the page sees them, and as sent (compressed). */
  bytes: Record<ResourceKind, number>;
  transferredBytes: Record<ResourceKind, number>;
  requests: number;
  /** The largest scripts, for finding what to cut. */
  largestScripts: {path: string; bytes: number}[];
  /** npm packages the page's scripts came from (Framework serves them under /_node/ or /_npm/). */
  packages: string[];
}

export type NotMeasured = {measured: false; reason: string};

export interface SliderFigure {
  measured: true;
  page: string;
  /** The page's CPU slowed this many times while timed (1: not slowed). */
  cpuSlowdown: number;
  slider: string;
  updates: number;
  /** Input event → the page outside the slider's form changed and was laid out (ms). */
  latencyMs: Summary;
  /** Input event → the next animation frame after that change (ms). */
  nextFrameMs: Summary;
  /**
   * Start of the frame in which the page recomputed → the change laid out (ms): the page's own work per update.
   * Framework's runtime recomputes cells in the next animation frame, so a synthetic input event sent at an arbitrary
   * moment waits up to one frame first (in latencyMs); a real drag does not, since Chromium delivers pointer input
   * at the start of a frame. This is the figure to hold against a 16 ms frame.
   */
  frameWorkMs: Summary;
  /**
   * A real mouse drag (DRAG_MOVES moves): the slider's input event dispatched → the page outside its form changed and
   * laid out. Chromium hands a drag's moves to the page at the start of a frame, so Framework's recomputation runs in
   * that same frame: this is the latency a reader gets, and the figure held against one 16 ms frame. Null if no
   * input event changed the page.
   */
  dragMs: Summary | null;
  /**
   * The same drag's input event → the end of the frame that rendered the page's whole update (the new charts drawn,
   * laid out and painted by the main thread, where dragMs stops at the first change, which on Framework's pages is a
   * cell clearing its old output). The figure the targets hold. Null if no input event changed the page.
   */
  dragRenderedMs: Summary | null;
  /** Input events of the drag after which the page did not change (e.g. a value the page already showed). */
  dragUnchanged: number;
  /** Updates after which nothing changed within a second. */
  noChange: number;
  longTasks: LongTaskFigure;
}

export interface OcclusionFigure {
  measured: true;
  page: string;
  /** The grid size chosen by default. */
  grid: string;
  /** Navigation → the first occlusion map in the DOM (model load included). */
  firstMapMs: number;
  firstMapLongTasks: LongTaskFigure;
  /** Pressing the page's button to map again → the new map in the DOM. */
  again?: {button: string; ms: number; longTasks: LongTaskFigure};
}

/** The three pages' first predictions under one network profile, loads of all profiles interleaved. */
export interface ProfileLoads {
  profile: NetworkProfile;
  /** That the emulation applied (throttled profiles only). */
  check?: ProfileCheck;
  lesson: LoadFigure;
  /** The lesson's own modules doing the home page's first prediction in a bare page (test/bench/baseline/bare-lesson.ts). */
  bare: LoadFigure;
  baseline: LoadFigure;
  ttfpRatioCold: number;
  ttfpRatioWarm: number;
  /** Bare page / baseline: what the lesson's code costs without the Framework page around it. */
  bareRatioCold: number;
  bareRatioWarm: number;
  jsRatio: number;
  /** JavaScript bytes as sent (compressed), lesson / baseline. */
  jsTransferredRatio: number;
}

export interface BrowserResult {
  chromium: string;
  site: string;
  repetitions: number;
  serving: string;
  /** One entry per network profile (network-profiles.ts): unthrottled, then phone on 4G. */
  firstPrediction: ProfileLoads[];
  /** The /softmax page's slider (logits), and the temperature slider wherever a page has one. */
  slider: SliderFigure | NotMeasured;
  temperatureSlider: SliderFigure | NotMeasured;
  /** The same two sliders with the page's CPU slowed as on the phone (network-profiles.ts's PHONE_4G). */
  slowCpu: {cpuSlowdown: number; slider: SliderFigure | NotMeasured; temperatureSlider: SliderFigure | NotMeasured};
  occlusion: OcclusionFigure | NotMeasured;
  /** The occlusion map computed by the lesson's code in batches of several sizes vs one image per model call. */
  occlusionBatching: (OcclusionBatchingResult & {page: string; speedup: number}) | NotMeasured;
  memory: (PageMemoryResult & {page: string; tensorGrowth: number; heapGrowthPercent: number | null}) | NotMeasured;
  /** The same pipeline page, cross-origin isolated (COOP + COEP), where tfjs may run WebAssembly on threads. */
  isolated: (PageMemoryResult & {page: string}) | NotMeasured;
}

type ResourceKind = "script" | "wasm" | "model" | "image" | "document" | "style" | "other";

// Functions passed to page.evaluate run in the page as their source text: no named inner functions in them, since
// tsx's transform wraps those in a __name() helper that exists only in Node.

/** Records, in every document of a context, the long tasks and when the first prediction becomes visible. */
const RECORDER = `(() => {
  const bench = (window.__bench = {ttfp: null, longTasks: []});
  performance.setResourceTimingBufferSize(1000);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({start: entry.startTime, duration: entry.duration});
    }).observe({type: "longtask", buffered: true});
  } catch {}
  const check = () => {
    const item = document.querySelector(".top-classes li");
    if (item && item.getBoundingClientRect().height > 0) bench.ttfp = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

interface BenchWindow {
  __bench: {ttfp: number | null; longTasks: {start: number; duration: number}[]};
}

const LOAD_TIMEOUT = 90_000;

export async function benchBrowser(options: {
  siteDir: string;
  repetitions: number;
  log: (line: string) => void;
}): Promise<BrowserResult> {
  const {siteDir, repetitions, log} = options;
  const benchDir = await mkdtemp(join(tmpdir(), "bench-pages-"));
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    const files = await siteFiles(siteDir, benchDir);
    await bundlePage(benchDir, "baseline", "Baseline: tfjs + WASM, top 3", files);
    await bundlePage(benchDir, "pipeline", "The lesson's pipeline, 500 times", files, {entry: "pipeline-memory.ts"});
    await bundlePage(benchDir, "bare", "The lesson's code in a bare page, top 3", files, {
      entry: "bare-lesson.ts",
      plugins: [siteModules(siteDir)]
    });
    await writeCheckFiles(benchDir);
    await precompress(benchDir);
    server = await serveBenchSite(siteDir, benchDir, {log});
    browser = await launchChromium();
    const chromium = browser.version();
    const checks = new Map<NetworkProfile, ProfileCheck>();
    for (const profile of PROFILES.filter(isThrottled)) {
      const check = await checkProfile(browser, server.url, profile);
      log(
        `browser ${profile.name}: 1 MB in ${check.oneMegabyteMs} ms (at least ${check.oneMegabyteExpectedMs} expected), ` +
          `CPU ${check.cpuSlowdownMeasured}× slower (${profile.cpuSlowdown}× asked): ${check.applies ? "applies" : "DOES NOT APPLY"}`
      );
      checks.set(profile, check);
    }
    const targets = {
      lesson: `${server.url}/`,
      bare: `${server.url}/__bench/bare/`,
      baseline: `${server.url}/__bench/baseline/`
    };
    const names = Object.keys(targets) as (keyof typeof targets)[];

    type Loads = Record<keyof typeof targets, {cold: Measurement[]; warm: Measurement[]; network?: NetworkFigure}>;
    const loads = PROFILES.map((): Loads => ({
      lesson: {cold: [], warm: []},
      bare: {cold: [], warm: []},
      baseline: {cold: [], warm: []}
    }));
    for (let rep = 0; rep < repetitions; rep++) {
      // Rotate which page goes first, so that none always meets a busier machine; every profile in every round.
      const order = names.map((_, i) => names[(i + rep) % names.length]!);
      for (const [index, profile] of PROFILES.entries()) {
        for (const name of order) {
          const load = loads[index]![name];
          const context = await newContext(browser);
          try {
            const page = await context.newPage();
            await applyProfile(page, profile);
            const network = rep === 0 ? recordNetwork(page) : undefined;
            load.cold.push(await loadUntilPrediction(page, targets[name]));
            if (network) load.network = await network.finish(page);
            load.warm.push(await loadUntilPrediction(page, targets[name]));
          } finally {
            await context.close();
          }
          log(
            `browser ${profile.name} ${name} rep ${rep + 1}: cold ${round(load.cold.at(-1)!.ttfp, 0)} ms, warm ${round(load.warm.at(-1)!.ttfp, 0)} ms`
          );
        }
      }
    }
    const firstPrediction = PROFILES.map((profile, index): ProfileLoads => {
      const lesson = loadFigure(loads[index]!.lesson);
      const baseline = loadFigure(loads[index]!.baseline);
      const bare = loadFigure(loads[index]!.bare);
      return {
        profile,
        check: checks.get(profile),
        lesson,
        bare,
        baseline,
        ttfpRatioCold: ratio(lesson.coldMs.p50, baseline.coldMs.p50),
        ttfpRatioWarm: ratio(lesson.warmMs.p50, baseline.warmMs.p50),
        bareRatioCold: ratio(bare.coldMs.p50, baseline.coldMs.p50),
        bareRatioWarm: ratio(bare.warmMs.p50, baseline.warmMs.p50),
        jsRatio: ratio(lesson.bytes.script, baseline.bytes.script),
        jsTransferredRatio: ratio(lesson.transferredBytes.script, baseline.transferredBytes.script)
      };
    });

    const sliders = async (cpuSlowdown: number) => ({
      slider: await benchSlider(browser!, server!, siteDir, "/softmax", /temperature/, log, cpuSlowdown),
      temperatureSlider: await benchSlider(
        browser!,
        server!,
        siteDir,
        await temperaturePage(siteDir),
        /temperature/,
        log,
        cpuSlowdown
      )
    });
    const {slider, temperatureSlider} = await sliders(1);
    const slowCpu = {cpuSlowdown: PHONE_4G.cpuSlowdown, ...(await sliders(PHONE_4G.cpuSlowdown))};
    const occlusion = await benchOcclusion(browser, server, siteDir, log);
    await browser.close();
    browser = undefined;

    const occlusionBatching = await benchOcclusionBatching(server, log);
    const memory = await benchPageMemory(server, log);
    const isolated = await benchIsolated(siteDir, benchDir, log);
    return {
      chromium,
      site: siteDir,
      repetitions,
      serving:
        "HTML, JS, CSS, JSON and WASM brotli-compressed; hashed files (/_file, /_import, /_node, /_npm, /_observablehq, " +
        "bench bundles) max-age=1y immutable; pages no-cache with ETag",
      firstPrediction,
      slider,
      temperatureSlider,
      slowCpu,
      occlusion,
      occlusionBatching,
      memory,
      isolated
    };
  } finally {
    await browser?.close();
    await server?.close();
    await rm(benchDir, {recursive: true, force: true});
  }
}

/**
 * The built site's URLs for the files both pages use: the WASM binaries, v1-0.25's JSON and weights, cat.png. The
 * minimal page loads the weights as tfjs's plain float32 file, which the bench writes into `benchDir` from the site's
 * byte-plane file (the very bytes the lesson's pages rebuild from it), served at /__bench/data/models/.
 */
export async function siteFiles(siteDir: string, benchDir: string): Promise<BaselineFiles> {
  const wasm = (stem: string) => hashedFile(siteDir, "_file/data/wasm", stem, ".wasm");
  const models = "_file/data/models";
  // A site built before the byte-plane weights (say, main's, in compare-sites.ts) serves the plain file itself.
  const plain = await hashedFile(siteDir, models, "mobilenet-v1-025", ".bin").catch(() => undefined);
  const siteWeights = plain ?? (await hashedFile(siteDir, models, "mobilenet-v1-025", ".weights"));
  if (!plain) {
    const reader = new WeightPlanesReader();
    reader.push(gunzipSync(await readFile(join(siteDir, siteWeights))));
    await mkdir(join(benchDir, "data", "models"), {recursive: true});
    await writeFile(join(benchDir, "data", "models", "mobilenet-v1-025.bin"), reader.weights());
  }
  return {
    wasm: {
      "tfjs-backend-wasm.wasm": await wasm("tfjs-backend-wasm"),
      "tfjs-backend-wasm-simd.wasm": await wasm("tfjs-backend-wasm-simd"),
      "tfjs-backend-wasm-threaded-simd.wasm": await wasm("tfjs-backend-wasm-threaded-simd")
    },
    modelJson: await hashedFile(siteDir, "_file/data/models", "mobilenet-v1-025", ".json"),
    modelWeights: plain ?? "/__bench/data/models/mobilenet-v1-025.bin",
    siteWeights,
    photo: await hashedFile(siteDir, "_file/data/photos", "cat", ".png")
  };
}

/**
 * Bundles test/bench/baseline/<entry> with esbuild (minified ESM, as Framework minifies npm packages) into a page at
 * /__bench/<name>/; `plugins` may leave some imports to files the site already serves.
 */
export async function bundlePage(
  benchDir: string,
  name: string,
  title: string,
  files: BaselineFiles,
  options: {entry?: string; plugins?: Plugin[]} = {}
): Promise<void> {
  const {entry = `${name}.ts`, plugins = []} = options;
  const folder = join(benchDir, name);
  await mkdir(folder, {recursive: true});
  await build({
    entryPoints: [join(PROJECT_ROOT, "test", "bench", "baseline", entry)],
    bundle: true,
    format: "esm",
    minify: true,
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
    outfile: join(folder, "page.js"),
    plugins
  }).catch((error: unknown) => {
    throw new Error(`esbuild could not bundle test/bench/baseline/${entry}: ${errorMessage(error)}`);
  });
  await writeFile(join(folder, "index.html"), pageHtml(title, files, "./page.js"));
}

/**
 * An esbuild plugin that leaves every import of the lesson's own modules (src/, components/) to the built site's file
 * for it, so that a bench page loads the very files the lesson's pages load, rather than copies.
 */
export function siteModules(siteDir: string): Plugin {
  const source = join(PROJECT_ROOT, "src");
  const components = join(PROJECT_ROOT, "components");
  return {
    name: "site-modules",
    setup(build) {
      build.onResolve({filter: /^\.\.?\//}, async (args) => {
        const file = resolve(args.resolveDir, args.path);
        // Framework serves src/x.ts as /_import/x.<hash>.js, and components/ (linked into src/) under /_import/components/.
        const served = file.startsWith(components + sep)
          ? join("components", relative(components, file))
          : relative(source, file);
        if (served.startsWith("..")) return undefined;
        const {dir, name} = parse(served);
        return {path: await hashedFile(siteDir, join("_import", dir), name, ".js"), external: true};
      });
    }
  };
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({colorScheme: "light", viewport: {width: 1280, height: 900}});
  await context.addInitScript(RECORDER);
  return context;
}

/** Milestones of one load, in ms from navigation start, from the page's resource timing. */
interface Phases {
  /** The last JavaScript file downloaded (those requested before the prediction). */
  scriptsLoaded: number;
  /** The WASM binary requested: the page's JavaScript has loaded and started tfjs's backend. */
  wasmRequested: number;
  /** The model's JSON requested (the backend has started). */
  modelRequested: number;
  /** The weights downloaded: between this and the prediction, tfjs builds the model and runs it. */
  weightsLoaded: number;
  /** The last request for the photo being classified (cat.png) started, and ended. */
  photoRequested: number;
  photoLoaded: number;
  prediction: number;
}

interface Measurement {
  ttfp: number;
  longTasks: {start: number; duration: number}[];
  phases: Phases;
}

export async function loadUntilPrediction(page: Page, url: string): Promise<Measurement> {
  const errors: string[] = [];
  const onError = (error: Error) => errors.push(error.message);
  page.on("pageerror", onError);
  try {
    await page.goto(url, {waitUntil: "commit", timeout: LOAD_TIMEOUT});
    await page
      .waitForFunction(() => (window as unknown as BenchWindow).__bench?.ttfp != null, undefined, {
        timeout: LOAD_TIMEOUT,
        polling: 50
      })
      .catch(async () => {
        // What the page says instead (a panel explaining a failed load), if it says anything.
        const alerts = await page
          .evaluate(() => [...document.querySelectorAll('[role="alert"]')].map((alert) => alert.textContent).join(" "))
          .catch(() => "");
        throw new Error(
          `${url} showed no prediction (.top-classes li) within ${LOAD_TIMEOUT / 1000} s. ${alerts} ${errors.join(" ")}`.trim()
        );
      });
    return await page.evaluate(() => {
      const bench = (window as unknown as BenchWindow).__bench;
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const models = resources.filter((entry) => entry.name.includes("/data/models/"));
      const phases = {
        scriptsLoaded: Math.max(
          ...resources.filter((entry) => new URL(entry.name).pathname.endsWith(".js")).map((entry) => entry.responseEnd)
        ),
        wasmRequested: resources.find((entry) => entry.name.endsWith(".wasm"))?.startTime ?? NaN,
        modelRequested: models.find((entry) => entry.name.endsWith(".json"))?.startTime ?? NaN,
        weightsLoaded: models.find((entry) => /\.(bin|weights)$/.test(entry.name))?.responseEnd ?? NaN,
        photoRequested: resources.filter((entry) => entry.name.includes("/data/photos/cat.")).at(-1)?.startTime ?? NaN,
        photoLoaded: resources.filter((entry) => entry.name.includes("/data/photos/cat.")).at(-1)?.responseEnd ?? NaN,
        prediction: bench.ttfp!
      };
      return {ttfp: bench.ttfp!, longTasks: bench.longTasks.filter((task) => task.start <= bench.ttfp!), phases};
    });
  } finally {
    page.off("pageerror", onError);
  }
}

interface NetworkFigure {
  bytes: Record<ResourceKind, number>;
  transferredBytes: Record<ResourceKind, number>;
  requests: number;
  scripts: {path: string; bytes: number}[];
}

function kindOf(response: Response): ResourceKind {
  const type = response.headers()["content-type"] ?? "";
  const path = new URL(response.url()).pathname;
  if (type.includes("javascript")) return "script";
  if (type.includes("wasm")) return "wasm";
  if (path.includes("/data/models/")) return "model";
  if (type.startsWith("image/")) return "image";
  if (type.includes("html")) return "document";
  if (type.includes("css")) return "style";
  return "other";
}

/**
 * Sizes of every response of a load (each URL once), read once the network has been quiet for a moment: decoded, and
 * as sent (the body's encoded size in the page's resource timing; the response's length where it has none).
 */
function recordNetwork(page: Page): {finish: (page: Page) => Promise<NetworkFigure>} {
  const seen = new Map<string, Promise<{kind: ResourceKind; bytes: number; sent: number}>>();
  page.on("response", (response) => {
    const url = response.url();
    if (url.startsWith("data:") || seen.has(url)) return;
    const length = Number(response.headers()["content-length"]);
    const encoded = Boolean(response.headers()["content-encoding"]);
    const sent = Number.isFinite(length) && length > 0 ? length : 0;
    const bytes =
      sent && !encoded
        ? Promise.resolve(sent)
        : response.body().then(
            (body) => body.byteLength,
            () => 0
          );
    seen.set(
      url,
      bytes.then((size) => ({kind: kindOf(response), bytes: size, sent: sent || size}))
    );
  });
  return {
    finish: async (page) => {
      await page.waitForLoadState("networkidle", {timeout: 10_000}).catch(() => {});
      const timings = new Map(
        await page.evaluate(() =>
          [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map(
            (entry) => [entry.name, (entry as PerformanceResourceTiming).encodedBodySize] as const
          )
        )
      );
      const zero = (): Record<ResourceKind, number> => ({
        script: 0,
        wasm: 0,
        model: 0,
        image: 0,
        document: 0,
        style: 0,
        other: 0
      });
      const bytes = zero();
      const transferredBytes = zero();
      const scripts: {path: string; bytes: number}[] = [];
      for (const [url, entry] of seen) {
        const {kind, bytes: size, sent} = await entry;
        bytes[kind] += size;
        transferredBytes[kind] += timings.get(url) || sent;
        if (kind === "script") scripts.push({path: new URL(url).pathname, bytes: size});
      }
      scripts.sort((a, b) => b.bytes - a.bytes);
      return {bytes, transferredBytes, requests: seen.size, scripts};
    }
  };
}

function longTaskFigure(tasks: readonly {duration: number}[]): LongTaskFigure {
  return {
    count: tasks.length,
    totalMs: round(
      tasks.reduce((sum, task) => sum + task.duration, 0),
      0
    ),
    maxMs: round(Math.max(0, ...tasks.map((task) => task.duration)), 0)
  };
}

/** The long-task figure of the median repetition (by total long-task time). */
function medianLongTasks(measurements: readonly Measurement[]): LongTaskFigure {
  const figures = measurements.map((m) => longTaskFigure(m.longTasks)).sort((a, b) => a.totalMs - b.totalMs);
  return figures[Math.floor((figures.length - 1) / 2)]!;
}

function medianPhases(measurements: readonly Measurement[]): Phases {
  const median = (pick: (phases: Phases) => number) =>
    round(
      quantile(
        measurements.map((m) => pick(m.phases)),
        0.5
      ),
      0
    );
  return {
    scriptsLoaded: median((p) => p.scriptsLoaded),
    wasmRequested: median((p) => p.wasmRequested),
    modelRequested: median((p) => p.modelRequested),
    weightsLoaded: median((p) => p.weightsLoaded),
    photoRequested: median((p) => p.photoRequested),
    photoLoaded: median((p) => p.photoLoaded),
    prediction: median((p) => p.prediction)
  };
}

function loadFigure(load: {cold: Measurement[]; warm: Measurement[]; network?: NetworkFigure}): LoadFigure {
  const network = load.network!;
  const packages = new Set<string>();
  for (const script of network.scripts) {
    const match = /^\/_(?:node|npm)\/((?:@[^/]+\/)?[^/@]+)@/.exec(script.path);
    if (match) packages.add(match[1]!);
  }
  return {
    coldMs: summarize(load.cold.map((m) => m.ttfp)),
    warmMs: summarize(load.warm.map((m) => m.ttfp)),
    longTasksCold: medianLongTasks(load.cold),
    longTasksWarm: medianLongTasks(load.warm),
    phasesCold: medianPhases(load.cold),
    phasesWarm: medianPhases(load.warm),
    bytes: network.bytes,
    transferredBytes: network.transferredBytes,
    requests: network.requests,
    largestScripts: network.scripts.slice(0, 12),
    packages: [...packages].sort()
  };
}

/** Waits until the page's DOM has not changed for `quietMs` (or `timeoutMs` passed); returns the time it last changed. */
function waitForQuiet(page: Page, quietMs: number, timeoutMs: number): Promise<number> {
  return page.evaluate(
    ([quiet, timeout]) =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        const observer = new MutationObserver(() => (last = performance.now()));
        observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
        const start = performance.now();
        const timer = setInterval(() => {
          const now = performance.now();
          if (now - last >= quiet || now - start >= timeout) {
            clearInterval(timer);
            observer.disconnect();
            resolve(last);
          }
        }, 50);
      }),
    [quietMs, timeoutMs] as const
  );
}

/** A page's path ("/softmax") → its file in the built site. */
function pageFile(siteDir: string, path: string): string {
  return join(siteDir, `${path.replace(/^\//, "") || "index"}.html`);
}

/**
 * Moves a slider of `path` through its range `updates` times (preferring one whose name matches `prefer`) and times
 * each input event until the page outside the slider's own form has changed and been laid out, until the next
 * animation frame after that, and from the start of the frame that did the update (see SliderFigure.frameWorkMs);
 * then drags it with the mouse. The page loads at full speed; `cpuSlowdown` slows its CPU for the timing alone.
 */
async function benchSlider(
  browser: Browser,
  server: StaticServer,
  siteDir: string,
  path: string,
  prefer: RegExp,
  log: (line: string) => void,
  cpuSlowdown = 1
): Promise<SliderFigure | NotMeasured> {
  if (!existsSync(pageFile(siteDir, path)))
    return {measured: false, reason: `not measured: the built site has no ${path} page yet`};
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`, {timeout: LOAD_TIMEOUT});
    const found = await page
      .waitForSelector('input[type="range"]', {timeout: 60_000, state: "attached"})
      .catch(() => null);
    if (!found) return {measured: false, reason: `not measured: ${path} has no slider (input type=range) within 60 s`};
    await waitForQuiet(page, 1500, 60_000); // the model loads and the first chart draws before we start
    if (cpuSlowdown !== 1) await throttleCpu(page, cpuSlowdown);
    const result = await page.evaluate(
      async ({updates, preferSource}) => {
        const sliders = [...document.querySelectorAll<HTMLInputElement>('input[type="range"]')];
        const names = sliders.map(
          (input) =>
            [input.getAttribute("aria-label"), input.labels?.[0]?.textContent?.trim(), input.name, input.id]
              .filter(Boolean)
              .join(" / ") || "input[type=range]"
        );
        const preferred = new RegExp(preferSource, "i");
        const chosen = Math.max(
          0,
          names.findIndex((name) => preferred.test(name))
        );
        const slider = sliders[chosen]!;
        slider.scrollIntoView({block: "center"});
        const own = slider.closest("form") ?? slider.parentElement ?? slider;
        const min = Number(slider.min || 0);
        const max = Number(slider.max || 100);
        const step = slider.step && slider.step !== "any" ? Number(slider.step) : (max - min) / 1000;
        const updateTimes: number[] = [];
        const frameTimes: number[] = [];
        const workTimes: number[] = [];
        let noChange = 0;
        const start = performance.now();
        for (let i = 0; i < updates; i++) {
          // Sweep up and down through the range so every update is a new value.
          const phase = (i % 40) / 20;
          const fraction = 0.1 + 0.8 * (phase <= 1 ? phase : 2 - phase);
          let value = min + Math.round(((max - min) * fraction) / step) * step;
          if (String(value) === slider.value) value = Math.min(max, value + step);
          const updated = new Promise<number | null>((resolve) => {
            const observer = new MutationObserver((records) => {
              if (records.some((record) => !own.contains(record.target))) {
                observer.disconnect();
                clearTimeout(timer);
                void document.body.offsetHeight; // style and layout of the change, as the next paint needs them
                resolve(performance.now());
              }
            });
            observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
            const timer = setTimeout(() => {
              observer.disconnect();
              resolve(null);
            }, 1000);
          });
          const t0 = performance.now();
          slider.value = String(value);
          slider.dispatchEvent(new Event("input", {bubbles: true}));
          // Registered before the runtime's own frame callback (which it registers in a microtask after the event),
          // so this marks the start of the frame in which Framework recomputes the cells.
          let frameStart: number | null = null;
          requestAnimationFrame(() => (frameStart ??= performance.now()));
          const t1 = await updated;
          await new Promise((resolve) => requestAnimationFrame(resolve));
          if (t1 === null) noChange++;
          else {
            updateTimes.push(t1 - t0);
            frameTimes.push(performance.now() - t0);
            // An update made in the event handler itself, before any frame, has no frame to wait for.
            workTimes.push(frameStart === null || frameStart > t1 ? t1 - t0 : t1 - frameStart);
          }
        }
        const bench = (window as unknown as BenchWindow).__bench;
        return {
          slider: names[chosen]!,
          chosen,
          updateTimes,
          frameTimes,
          workTimes,
          noChange,
          longTasks: bench.longTasks.filter((task) => task.start >= start)
        };
      },
      {updates: SLIDER_UPDATES, preferSource: prefer.source}
    );
    const drag = await dragSlider(page, result.chosen);
    log(
      `browser slider on ${path}${cpuSlowdown === 1 ? "" : ` at ${cpuSlowdown}× CPU`}: ${result.updateTimes.length} updates measured, ${result.noChange} without a change; ` +
        `real drag: ${drag.latencies.length} of ${drag.inputs} input events changed the page`
    );
    if (result.updateTimes.length === 0) {
      return {measured: false, reason: `not measured: moving the slider (${result.slider}) changed nothing on ${path}`};
    }
    return {
      measured: true,
      page: path,
      cpuSlowdown,
      slider: result.slider,
      updates: SLIDER_UPDATES,
      latencyMs: summarize(result.updateTimes),
      nextFrameMs: summarize(result.frameTimes),
      frameWorkMs: summarize(result.workTimes),
      dragMs: drag.latencies.length ? summarize(drag.latencies) : null,
      dragRenderedMs: drag.rendered.length ? summarize(drag.rendered) : null,
      dragUnchanged: drag.inputs - drag.latencies.length,
      noChange: result.noChange,
      longTasks: longTaskFigure(result.longTasks)
    };
  } finally {
    await context.close();
  }
}

const SLIDER_UPDATES = 100;

/**
 * Drags slider number `index` of the page with the mouse, as a reader does: pointer events go through Chromium's input
 * pipeline, which hands continuous input to the page at the start of a frame. For each `input` event it records the
 * time from the event's dispatch until the page outside the slider's form changed and was laid out.
 */
async function dragSlider(
  page: Page,
  index: number
): Promise<{inputs: number; latencies: number[]; rendered: number[]}> {
  const box = await page.evaluate((i) => {
    const slider = document.querySelectorAll<HTMLInputElement>('input[type="range"]')[i]!;
    slider.scrollIntoView({block: "center"});
    const own = slider.closest("form") ?? slider.parentElement ?? slider;
    const records: DragRecord[] = [];
    (window as unknown as DragWindow).__drag = records;
    slider.addEventListener(
      "input",
      () => records.push({dispatched: performance.now(), changed: null, rendered: null}),
      {capture: true}
    );
    new MutationObserver((mutations) => {
      const last = records.at(-1);
      if (!last || !mutations.some((m) => !own.contains(m.target))) return;
      // Framework changes the page in an animation frame callback; a task queued from there runs once that frame's
      // style, layout and paint are done. The last such task marks the whole update rendered: the new charts drawn,
      // not just the old ones taken away.
      setTimeout(() => (last.rendered = performance.now()));
      if (last.changed !== null) return;
      void document.body.offsetHeight; // style and layout of the change, as the next paint needs them
      last.changed = performance.now();
    }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    const rect = slider.getBoundingClientRect();
    const value =
      (Number(slider.value) - Number(slider.min || 0)) / (Number(slider.max || 100) - Number(slider.min || 0) || 1);
    return {left: rect.left, width: rect.width, y: rect.top + rect.height / 2, thumb: rect.left + value * rect.width};
  }, index);
  await page.mouse.move(box.thumb, box.y);
  await page.mouse.down();
  for (let i = 0; i < DRAG_MOVES; i++) {
    // Back and forth across the middle 80 % of the track, a few pixels per move, like a slow hand.
    const phase = (i % 60) / 30;
    const fraction = 0.1 + 0.8 * (phase <= 1 ? phase : 2 - phase);
    await page.mouse.move(box.left + fraction * box.width, box.y);
    await page.waitForTimeout(40); // the update lands well within this; the next move starts from a quiet page
  }
  await page.mouse.up();
  await page.waitForTimeout(200);
  const records = await page.evaluate(() => (window as unknown as DragWindow).__drag);
  const latencies = records.flatMap((r) => (r.changed === null ? [] : [r.changed - r.dispatched]));
  const rendered = records.flatMap((r) => (r.rendered === null ? [] : [r.rendered - r.dispatched]));
  return {inputs: records.length, latencies, rendered};
}

interface DragRecord {
  dispatched: number;
  /** The first change outside the slider's form, laid out. */
  changed: number | null;
  /** The end of the frame that rendered the last change (see dragSlider). */
  rendered: number | null;
}

interface DragWindow {
  __drag: DragRecord[];
}

const DRAG_MOVES = 120;

/** The page with the temperature experiment: /explore/temperature if built, else the first page that mentions it. */
async function temperaturePage(siteDir: string): Promise<string> {
  if (existsSync(pageFile(siteDir, "/explore/temperature"))) return "/explore/temperature";
  const entries = await readdir(siteDir, {recursive: true});
  for (const name of entries.filter((file) => file.endsWith(".html") && !file.startsWith("_")).sort()) {
    const html = await readFile(join(siteDir, name), "utf8");
    if (/temperature-controls|TemperatureControls/.test(html)) return `/${name.replace(/\.html$/, "")}`;
  }
  return "/explore/temperature";
}

/** Pages of the built site (any folder) whose own content, not the navigation, mentions occlusion. */
async function occlusionPages(siteDir: string): Promise<string[]> {
  const pages: string[] = [];
  const entries = await readdir(siteDir, {recursive: true});
  for (const name of entries.filter((file) => file.endsWith(".html") && !file.startsWith("_")).sort()) {
    const html = await readFile(join(siteDir, name), "utf8");
    const content = html.replace(/<nav[\s\S]*?<\/nav>/gi, "").replace(/<aside[\s\S]*?<\/aside>/gi, "");
    if (/occlusion/i.test(content)) pages.push(`/${name.replace(/\.html$/, "").replace(/(^|\/)index$/, "")}`);
  }
  return pages;
}

const OCCLUSION_MAP = ".occlusion-map";

/** Time until the occlusion map is drawn after navigation, then after pressing its "again"/"run" button. */
async function benchOcclusion(
  browser: Browser,
  server: StaticServer,
  siteDir: string,
  log: (line: string) => void
): Promise<OcclusionFigure | NotMeasured> {
  const pages = await occlusionPages(siteDir);
  if (pages.length === 0)
    return {measured: false, reason: "not measured: no page of the built site offers an occlusion map"};
  const path = pages[0]!;
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`, {timeout: LOAD_TIMEOUT});
    const map = await page.waitForSelector(OCCLUSION_MAP, {timeout: 180_000}).catch(() => null);
    if (!map)
      return {
        measured: false,
        reason: `not measured: ${path} mentions occlusion but drew no ${OCCLUSION_MAP} within 180 s`
      };
    const firstMs = await page.evaluate(() => performance.now());
    const grid = await page.evaluate(
      () => document.querySelector<HTMLInputElement>(".occlusion-controls input:checked")?.value ?? "unknown"
    );
    const button = page.getByRole("button", {name: /again|occlu|run/i}).first();
    let again: OcclusionFigure["again"];
    if (await button.count()) {
      await waitForQuiet(page, 1000, 30_000);
      const clicked = await page.evaluate(() => performance.now());
      await button.click();
      // A new map element replaces the old one when the run finishes.
      await page.waitForFunction(
        (old) => document.querySelector(".occlusion-map") !== old && document.querySelector(".occlusion-map"),
        map,
        {
          timeout: 180_000,
          polling: "raf"
        }
      );
      const done = await page.evaluate(() => performance.now());
      const tasks = await page.evaluate(
        (from) => (window as unknown as BenchWindow).__bench.longTasks.filter((t) => t.start >= from),
        clicked
      );
      again = {
        button: (await button.textContent())?.trim() ?? "",
        ms: round(done - clicked, 0),
        longTasks: longTaskFigure(tasks)
      };
    }
    const firstTasks = await page.evaluate(
      (until) => (window as unknown as BenchWindow).__bench.longTasks.filter((t) => t.start <= until),
      firstMs
    );
    log(
      `browser occlusion on ${path}: first map ${round(firstMs, 0)} ms after navigation${again ? `, again ${again.ms} ms` : ""}`
    );
    return {
      measured: true,
      page: path,
      grid,
      firstMapMs: round(firstMs, 0),
      firstMapLongTasks: longTaskFigure(firstTasks),
      again
    };
  } finally {
    await context.close();
  }
}

/** The bench's pipeline page (the lesson's own pipeline code, bundled), loaded and ready; or why it failed. */
async function openPipelinePage(browser: Browser, server: StaticServer): Promise<{page: Page} | {error: string}> {
  const page = await (await browser.newContext({viewport: {width: 1280, height: 900}})).newPage();
  await page.goto(`${server.url}/__bench/pipeline/`, {timeout: LOAD_TIMEOUT});
  await page.waitForFunction(() => document.body.dataset.ready || document.body.dataset.error, undefined, {
    timeout: LOAD_TIMEOUT
  });
  const error = await page.evaluate(() => document.body.dataset.error);
  return error ? {error} : {page};
}

/** Batch sizes timed for the occlusion map: 1 is one image per model call; "budget" is what /explore/perturb does. */
const OCCLUSION_CHUNKS: (number | "budget")[] = [1, 4, 8, 16, 32, "budget"];
const OCCLUSION_GRID = 14;

/** The lesson's occlusionMap on cat.png in the bench pipeline page, once per batch size (best of 3). */
async function benchOcclusionBatching(
  server: StaticServer,
  log: (line: string) => void
): Promise<BrowserResult["occlusionBatching"]> {
  const browser = await launchChromium();
  try {
    const opened = await openPipelinePage(browser, server);
    if ("error" in opened) return {measured: false, reason: `not measured: the pipeline page failed: ${opened.error}`};
    const result = await opened.page.evaluate(([grid, chunks]) => window.benchOcclusionBatching!(grid, chunks, 3), [
      OCCLUSION_GRID,
      OCCLUSION_CHUNKS
    ] as const);
    const single = result.runs.find((run) => run.chunkSize === 1)!;
    const lesson = result.runs.find((run) => run.chunkSize === "budget")!;
    log(
      `browser occlusion batching: ${result.images} images, one per call ${round(single.ms, 0)} ms, the page's batches ${round(lesson.ms, 0)} ms`
    );
    return {
      ...result,
      runs: result.runs.map((run) => ({
        ...run,
        ms: round(run.ms, 0),
        msPerImage: round(run.msPerImage, 2),
        longestCallMs: round(run.longestCallMs, 0)
      })),
      page: "/__bench/pipeline/ (components/pipeline/occlusion.ts occlusionMap, no pause between calls)",
      speedup: ratio(single.ms, lesson.ms)
    };
  } finally {
    await browser.close();
  }
}

/** The pipeline page's timings on a cross-origin isolated server: tfjs's threaded WebAssembly, where it has threads. */
async function benchIsolated(
  siteDir: string,
  benchDir: string,
  log: (line: string) => void
): Promise<BrowserResult["isolated"]> {
  const server = await serveBenchSite(siteDir, benchDir, {crossOriginIsolated: true});
  const browser = await launchChromium();
  try {
    const opened = await openPipelinePage(browser, server);
    if ("error" in opened)
      return {
        measured: false,
        reason: `not measured: the pipeline page failed when cross-origin isolated: ${opened.error}`
      };
    const result = await opened.page.evaluate((n) => window.benchPipelineMemory!(n), 100);
    log(`browser cross-origin isolated: ${result.backend}, infer p50 ${round(result.timings.inferP50, 1)} ms`);
    return {
      ...result,
      msPerInference: round(result.msPerInference),
      page: "/__bench/pipeline/ served with COOP: same-origin, COEP: require-corp"
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** 500 classifications by the lesson's own pipeline code in a bench page, with tensors and JS heap around them. */
async function benchPageMemory(server: StaticServer, log: (line: string) => void): Promise<BrowserResult["memory"]> {
  const browser = await launchChromium(["--enable-precise-memory-info", "--js-flags=--expose-gc"]);
  try {
    const opened = await openPipelinePage(browser, server);
    if ("error" in opened) return {measured: false, reason: `not measured: the pipeline page failed: ${opened.error}`};
    const result = await opened.page.evaluate((n) => window.benchPipelineMemory!(n), 500);
    const heapBefore = result.before.usedJSHeapSize;
    const heapAfter = result.after.usedJSHeapSize;
    log(
      `browser memory: tensors ${result.before.numTensors} → ${result.after.numTensors}, heap ${heapBefore} → ${heapAfter}`
    );
    return {
      ...result,
      msPerInference: round(result.msPerInference),
      timings: {
        loadModel: round(result.timings.loadModel, 1),
        firstClassification: round(result.timings.firstClassification, 1),
        inferP50: round(result.timings.inferP50, 1),
        summarizeP50: round(result.timings.summarizeP50, 1)
      },
      page: "/__bench/pipeline/ (components/browser/runtime.ts loadModel, image.ts toPixels, pipeline/output.ts summarize; bundled by esbuild)",
      tensorGrowth: result.after.numTensors - result.before.numTensors,
      heapGrowthPercent: heapBefore && heapAfter ? round((100 * (heapAfter - heapBefore)) / heapBefore, 1) : null
    };
  } finally {
    await browser.close();
  }
}
