// The time to the first prediction: loading a page until its top classes show, with its milestones, long tasks and
// the bytes it downloaded, cold and warm.
import type {Page, Response} from "playwright-core";
import {type BenchWindow, LOAD_TIMEOUT, longTaskFigure, type LongTaskFigure} from "./browser-context.js";
import {quantile, round, summarize, type Summary} from "./stats.js";

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

export type ResourceKind = "script" | "wasm" | "model" | "image" | "document" | "style" | "other";

/** Milestones of one load, in ms from navigation start, from the page's resource timing. */
export interface Phases {
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

export interface Measurement {
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

export interface NetworkFigure {
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
export function recordNetwork(page: Page): {finish: (page: Page) => Promise<NetworkFigure>} {
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

export function loadFigure(load: {cold: Measurement[]; warm: Measurement[]; network?: NetworkFigure}): LoadFigure {
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
