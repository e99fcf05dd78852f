// Inference in Node through the shared pipeline: the model files from components/node/assets.ts, loaded by
// components/pipeline/models.ts on an explicit backend, fed photos decoded by components/node/decode.ts.
import {readFile, readdir} from "node:fs/promises";
import {join} from "node:path";
import {performance} from "node:perf_hooks";
import {setFlagsFromString} from "node:v8";
import {runInNewContext} from "node:vm";
import * as tf from "@tensorflow/tfjs";
import "../../components/node/runtime.js"; // registers the Node build of the WASM backend, as the CLI does
import {loadModelFiles} from "../../components/node/assets.js";
import {decodeImage} from "../../components/node/decode.js";
import {IMAGE_SIZE} from "../../components/pipeline/input.js";
import {loadClassifier, singleFileModel, type Classifier, type ModelId} from "../../components/pipeline/models.js";
import {summarize as summarizeLogits} from "../../components/pipeline/output.js";
import {ratio, round, summarize, type Summary} from "./stats.js";

export type Backend = "cpu" | "wasm";

export interface InferenceFigure {
  model: ModelId;
  backend: Backend;
  /** "photos": the sample photos at their own sizes (resize included); "224×224": an input the model takes as is. */
  input: "photos" | "224×224";
  /** ms per image: infer (resize + normalise + model) and reading the logits back, photo already decoded. */
  ms: Summary;
  warmUpRuns: number;
  /** Why fewer than the usual number of runs were made, if so. */
  reducedRuns?: string;
}

export interface NodeInferenceResult {
  photos: string[];
  figures: InferenceFigure[];
  /** WASM p50 speed-up over CPU, per model, on the photos. */
  speedup: Partial<Record<ModelId, number>>;
  /** The same for v1-0.25 on a 224×224 input: the model alone, without the resize. */
  speedupModelOnly: number;
  decodeMs: Summary;
}

export interface NodeMemoryResult {
  model: ModelId;
  backend: string;
  inferences: number;
  /** What each inference did: the CLI's path, file bytes → decodeImage → infer → summarize → dispose. */
  loop: string;
  gc: "--expose-gc" | "v8 flag at run time";
  before: {numTensors: number; numBytes: number; heapUsed: number};
  after: {numTensors: number; numBytes: number; heapUsed: number};
  /** heapUsed every 100 inferences, to tell a one-time step from steady growth. */
  heapTrend: number[];
  tensorGrowth: number;
  heapGrowthPercent: number;
}

const RUNS = 50;
const WARM_UP = 3;
/** Time allowed per model × backend, so that v1-0.75 on CPU (≈1 s/image) does not hold the bench for minutes. */
const BUDGET_MS = 20_000;
const MIN_RUNS = 5;
/** The model alone on a 224×224 input (v1-0.25 only): a second view of the WASM/CPU ratio, without the resize. */
const MODEL_ONLY_RUNS = 20;

/** The sample photos (images/*.png|jpg) as file bytes, the same ones the CLI bench uses first. */
export async function samplePhotos(assets: string): Promise<{name: string; bytes: Uint8Array}[]> {
  const folder = join(assets, "images");
  const names = (await readdir(folder)).filter((name) => /\.(png|jpe?g)$/i.test(name)).sort();
  return Promise.all(names.map(async (name) => ({name, bytes: new Uint8Array(await readFile(join(folder, name)))})));
}

/** Loads `id` on the backend that is active now: its weights live there until disposed. */
async function loadOnCurrentBackend(id: ModelId): Promise<Classifier> {
  const files = await loadModelFiles(id, {download: false});
  const {weights} = files;
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return loadClassifier(
    id,
    singleFileModel(files.modelJson, async () => weightData)
  );
}

async function timeInference(classifier: Classifier, pixels: tf.Tensor3D): Promise<number> {
  const start = performance.now();
  const logits = classifier.infer(pixels);
  await logits.data();
  const elapsed = performance.now() - start;
  logits.dispose();
  return elapsed;
}

export async function benchNodeInference(assets: string, log: (line: string) => void): Promise<NodeInferenceResult> {
  const photos = await samplePhotos(assets);
  const figures: InferenceFigure[] = [];
  const decodeTimes: number[] = [];
  for (const backend of ["wasm", "cpu"] as const) {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not start its ${backend} backend in Node.`);
    await tf.ready();
    // Decoded per backend: a tensor lives on the backend that was active when it was made.
    const pixels: tf.Tensor3D[] = [];
    for (const photo of photos) {
      const start = performance.now();
      pixels.push((await decodeImage(photo.bytes, photo.name)).pixels);
      decodeTimes.push(performance.now() - start);
    }
    try {
      for (const model of ["v1-0.25", "v1-0.75"] as const) {
        const classifier = await loadOnCurrentBackend(model);
        try {
          for (let i = 0; i < WARM_UP; i++) await timeInference(classifier, pixels[i % pixels.length]!);
          const first = await timeInference(classifier, pixels[0]!);
          const runs = Math.max(MIN_RUNS, Math.min(RUNS, Math.floor(BUDGET_MS / first)));
          const times = [first];
          for (let i = 1; i < runs; i++) times.push(await timeInference(classifier, pixels[i % pixels.length]!));
          const figure: InferenceFigure = {model, backend, input: "photos", ms: summarize(times), warmUpRuns: WARM_UP};
          if (runs < RUNS) {
            figure.reducedRuns = `${runs} runs instead of ${RUNS}: ≈${Math.round(first)} ms per image, kept within a ${BUDGET_MS / 1000} s budget`;
          }
          figures.push(figure);
          log(`node ${backend} ${model}: p50 ${figure.ms.p50} ms over ${runs} runs`);
          if (model === "v1-0.25") {
            const square = tf.tidy(() => tf.randomUniform([IMAGE_SIZE, IMAGE_SIZE, 3], 0, 256, "int32") as tf.Tensor3D);
            const modelOnly: number[] = [];
            const modelOnlyRuns = Math.max(MIN_RUNS, Math.min(MODEL_ONLY_RUNS, Math.floor(BUDGET_MS / 2 / first)));
            for (let i = 0; i < modelOnlyRuns; i++) modelOnly.push(await timeInference(classifier, square));
            square.dispose();
            const modelOnlyFigure: InferenceFigure = {
              model,
              backend,
              input: "224×224",
              ms: summarize(modelOnly),
              warmUpRuns: WARM_UP
            };
            if (modelOnlyRuns < MODEL_ONLY_RUNS)
              modelOnlyFigure.reducedRuns = `${modelOnlyRuns} runs instead of ${MODEL_ONLY_RUNS}, to stay within the time budget`;
            figures.push(modelOnlyFigure);
          }
        } finally {
          classifier.dispose();
        }
      }
    } finally {
      for (const tensor of pixels) tensor.dispose();
    }
  }
  const speedupOf = (model: ModelId, input: InferenceFigure["input"]) => {
    const cpu = figures.find((f) => f.model === model && f.backend === "cpu" && f.input === input);
    const wasm = figures.find((f) => f.model === model && f.backend === "wasm" && f.input === input);
    return cpu && wasm ? round(ratio(cpu.ms.p50, wasm.ms.p50), 1) : NaN;
  };
  return {
    photos: photos.map((photo) => photo.name),
    figures,
    speedup: {"v1-0.25": speedupOf("v1-0.25", "photos"), "v1-0.75": speedupOf("v1-0.75", "photos")},
    speedupModelOnly: speedupOf("v1-0.25", "224×224"),
    decodeMs: summarize(decodeTimes)
  };
}

/** global.gc when Node runs with --expose-gc; otherwise the same function, switched on through V8's flags. */
function garbageCollector(): {collect: () => void; how: NodeMemoryResult["gc"]} {
  const exposed = (globalThis as {gc?: () => void}).gc;
  if (exposed) return {collect: exposed, how: "--expose-gc"};
  setFlagsFromString("--expose-gc");
  return {collect: runInNewContext("gc") as () => void, how: "v8 flag at run time"};
}

/** Tensors and JS heap after full collections, with a turn of the event loop between them so finalisers can run. */
async function snapshot(collect: () => void) {
  for (let i = 0; i < 3; i++) {
    collect();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const {numTensors, numBytes} = tf.memory();
  return {numTensors, numBytes, heapUsed: process.memoryUsage().heapUsed};
}

/** 500 classifications the way the CLI does them, counting tensors and JS heap before and after. */
export async function benchNodeMemory(
  assets: string,
  inferences = 500,
  log: (line: string) => void = () => {}
): Promise<NodeMemoryResult> {
  const photos = await samplePhotos(assets);
  await tf.setBackend("wasm");
  await tf.ready();
  const {collect, how} = garbageCollector();
  const classifier = await loadOnCurrentBackend("v1-0.25");
  const classifyOnce = async (i: number) => {
    const photo = photos[i % photos.length]!;
    const {pixels} = await decodeImage(photo.bytes, photo.name);
    try {
      const logits = classifier.infer(pixels);
      try {
        await summarizeLogits(logits, 5);
      } finally {
        logits.dispose();
      }
    } finally {
      pixels.dispose();
    }
  };
  try {
    for (let i = 0; i < 20; i++) await classifyOnce(i); // reach a steady state (kernels, sharp's pools) first
    const before = await snapshot(collect);
    const heapTrend = [before.heapUsed];
    for (let i = 0; i < inferences; i++) {
      await classifyOnce(i);
      if ((i + 1) % 100 === 0 && i + 1 < inferences) heapTrend.push((await snapshot(collect)).heapUsed);
    }
    const after = await snapshot(collect);
    heapTrend.push(after.heapUsed);
    log(`node memory: tensors ${before.numTensors} → ${after.numTensors}, heap ${before.heapUsed} → ${after.heapUsed}`);
    return {
      model: "v1-0.25",
      backend: tf.getBackend(),
      inferences,
      loop: "decodeImage → classifier.infer → summarize(top 5) → dispose, cycling the sample photos",
      gc: how,
      before,
      after,
      heapTrend,
      tensorGrowth: after.numTensors - before.numTensors,
      heapGrowthPercent: round((100 * (after.heapUsed - before.heapUsed)) / before.heapUsed, 1)
    };
  } finally {
    classifier.dispose();
  }
}
