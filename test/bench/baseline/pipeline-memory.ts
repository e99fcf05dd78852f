// A bench page that runs the lesson's own browser pipeline (components/browser + components/pipeline) many times and
// reports tfjs's tensor count and the JS heap before and after: the lesson pages expose neither, and should not. It
// also times the occlusion map in batches of several sizes against one image per model call.
import * as tf from "@tensorflow/tfjs";
import {backendName, loadModel} from "../../../components/browser/runtime.js";
import {loadImage, toPixels} from "../../../components/browser/image.js";
import {summarize} from "../../../components/pipeline/output.js";
import {modelSizedPixels, occlusionMap} from "../../../components/pipeline/occlusion.js";
import {readBaselineFiles} from "./page.js";
import {errorMessage} from "../../../components/pipeline/errors.js";

export interface PageMemorySnapshot {
  numTensors: number;
  numBytes: number;
  usedJSHeapSize: number | null;
}

export interface PageMemoryResult {
  /** tfjs's backend, with its thread count when WebAssembly runs on threads ("wasm (2 threads)"). */
  backend: string;
  crossOriginIsolated: boolean;
  inferences: number;
  gc: boolean;
  before: PageMemorySnapshot;
  after: PageMemorySnapshot;
  /** Where a page's time goes in the shared pipeline (ms): loadModel (download, build, warm-up runs), the first
   * classification, then per steady classification the inference alone and summarize() alone (p50 of 20). */
  timings: {loadModel: number; firstClassification: number; inferP50: number; summarizeP50: number};
  /** usedJSHeapSize every 100 inferences, to tell a one-time step from steady growth. */
  heapTrend: (number | null)[];
  msPerInference: number;
}

export interface OcclusionBatchingResult {
  gridSize: number;
  images: number;
  /**
   * Per batch size (1 = one image per model call; "budget" = sized to fit the page's 40 ms per call): the whole map's
   * time, best of `repeats`, and its longest call.
   */
  runs: {chunkSize: number | "budget"; ms: number; msPerImage: number; longestCallMs: number}[];
  /** The largest difference between the maps of different batch sizes (probability drops): batching changes nothing. */
  maxDifference: number;
}

declare global {
  interface Window {
    benchPipelineMemory?: (inferences: number) => Promise<PageMemoryResult>;
    benchOcclusionBatching?: (
      gridSize: number,
      chunkSizes: (number | "budget")[],
      repeats: number
    ) => Promise<OcclusionBatchingResult>;
    gc?: () => void;
  }
}

/** Tensors and JS heap after full collections, with a task between them so finalisers can run. */
async function snapshot(): Promise<PageMemorySnapshot> {
  for (let i = 0; i < 3; i++) {
    window.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const memory = (performance as Performance & {memory?: {usedJSHeapSize: number}}).memory;
  const {numTensors, numBytes} = tf.memory();
  return {numTensors, numBytes, usedJSHeapSize: memory ? memory.usedJSHeapSize : null};
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function setUp() {
  const files = readBaselineFiles();
  const image = await loadImage(await (await fetch(files.photo)).blob(), "cat.png");
  const loadStart = performance.now();
  const classifier = await loadModel("v1-0.25", {json: files.modelJson, weights: files.siteWeights}, files.wasm);
  const loadModelMs = performance.now() - loadStart;
  // One classification as the home page does it: toPixels → infer → summarize(3) → dispose.
  const classifyOnce = async () => {
    const pixels = toPixels(image);
    const logits = classifier.infer(pixels);
    try {
      return await summarize(logits, 3);
    } finally {
      pixels.dispose();
      logits.dispose();
    }
  };
  const firstStart = performance.now();
  await classifyOnce();
  const firstClassification = performance.now() - firstStart;
  window.benchPipelineMemory = async (inferences) => {
    const inferTimes: number[] = [];
    const summarizeTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const pixels = toPixels(image);
      const t0 = performance.now();
      const logits = classifier.infer(pixels);
      await logits.data();
      const t1 = performance.now();
      await summarize(logits, 3);
      summarizeTimes.push(performance.now() - t1);
      inferTimes.push(t1 - t0);
      pixels.dispose();
      logits.dispose();
    }
    const timings = {
      loadModel: loadModelMs,
      firstClassification,
      inferP50: median(inferTimes),
      summarizeP50: median(summarizeTimes)
    };
    const before = await snapshot();
    const heapTrend = [before.usedJSHeapSize];
    let elapsed = 0;
    for (let done = 0; done < inferences;) {
      const batch = Math.min(100, inferences - done);
      const start = performance.now();
      for (let i = 0; i < batch; i++) await classifyOnce();
      elapsed += performance.now() - start;
      done += batch;
      if (done < inferences) heapTrend.push((await snapshot()).usedJSHeapSize);
    }
    const after = await snapshot();
    heapTrend.push(after.usedJSHeapSize);
    return {
      backend: backendName(),
      crossOriginIsolated,
      inferences,
      gc: typeof window.gc === "function",
      before,
      after,
      timings,
      heapTrend,
      msPerInference: elapsed / inferences
    };
  };
  window.benchOcclusionBatching = async (gridSize, chunkSizes, repeats) => {
    const pixels = toPixels(image);
    const seen = modelSizedPixels(pixels);
    pixels.dispose();
    try {
      const runs: OcclusionBatchingResult["runs"] = [];
      const maps: Float32Array[] = [];
      for (const chunkSize of chunkSizes) {
        let best = Infinity;
        let longestCallMs = 0;
        for (let r = 0; r < repeats; r++) {
          // No pause between model calls: this times the computation alone; the gap between calls is a call's length.
          let last = performance.now();
          let longest = 0;
          const start = last;
          const map = await occlusionMap(classifier, seen, {
            gridSize,
            ...(chunkSize === "budget" ? {budgetMs: 40} : {chunkSize}),
            pause: async () => {
              const now = performance.now();
              longest = Math.max(longest, now - last);
              last = now;
            }
          });
          const ms = performance.now() - start;
          longest = Math.max(longest, performance.now() - last);
          if (ms < best) [best, longestCallMs] = [ms, longest];
          if (r === 0) maps.push(map.drops);
        }
        runs.push({chunkSize, ms: best, msPerImage: best / (gridSize * gridSize), longestCallMs});
      }
      let maxDifference = 0;
      for (const map of maps)
        for (let i = 0; i < map.length; i++) maxDifference = Math.max(maxDifference, Math.abs(map[i]! - maps[0]![i]!));
      return {gridSize, images: gridSize * gridSize, runs, maxDifference};
    } finally {
      seen.dispose();
    }
  };
  document.body.dataset.ready = "true";
}

setUp().catch((error: unknown) => {
  document.body.dataset.error = errorMessage(error);
});
