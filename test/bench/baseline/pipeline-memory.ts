// A bench page that runs the lesson's own browser pipeline (components/browser + components/pipeline) many times and
// reports tfjs's tensor count and the JS heap before and after: the lesson pages expose neither, and should not.
import * as tf from "@tensorflow/tfjs";
import {loadModel} from "../../../components/browser/runtime.js";
import {loadImage, toPixels} from "../../../components/browser/image.js";
import {summarize} from "../../../components/pipeline/output.js";
import {readBaselineFiles} from "./page.js";

export interface PageMemorySnapshot {
  numTensors: number;
  numBytes: number;
  usedJSHeapSize: number | null;
}

export interface PageMemoryResult {
  backend: string;
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

declare global {
  interface Window {
    benchPipelineMemory?: (inferences: number) => Promise<PageMemoryResult>;
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
  const classifier = await loadModel("v1-0.25", {json: files.modelJson, weights: files.modelWeights}, files.wasm);
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
    const timings = {loadModel: loadModelMs, firstClassification, inferP50: median(inferTimes), summarizeP50: median(summarizeTimes)};
    const before = await snapshot();
    const heapTrend = [before.usedJSHeapSize];
    let elapsed = 0;
    for (let done = 0; done < inferences; ) {
      const batch = Math.min(100, inferences - done);
      const start = performance.now();
      for (let i = 0; i < batch; i++) await classifyOnce();
      elapsed += performance.now() - start;
      done += batch;
      if (done < inferences) heapTrend.push((await snapshot()).usedJSHeapSize);
    }
    const after = await snapshot();
    heapTrend.push(after.usedJSHeapSize);
    return {backend: tf.getBackend(), inferences, gc: typeof window.gc === "function", before, after, timings, heapTrend, msPerInference: elapsed / inferences};
  };
  document.body.dataset.ready = "true";
}

setUp().catch((error: unknown) => {
  document.body.dataset.error = error instanceof Error ? error.message : String(error);
});
