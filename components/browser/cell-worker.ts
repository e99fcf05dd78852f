// The code cells' worker: its own tfjs and its own copy of the model, loaded from the same site URLs as the page's.
// The page can end this worker at any time (Stop), which is the only way to end a loop that never finishes. It starts
// from a blob: URL (run-cell.ts), so the page's Content-Security-Policy holds here too: no eval (cells are compiled as
// blob: modules), no request to another origin.
import * as tf from "@tensorflow/tfjs";
import {classLabel} from "../pipeline/classes.js";
import {isModelId, type Classifier} from "../pipeline/models.js";
import {executeCell, moduleCompiler} from "./execute-cell.js";
import type {FromWorker, ImagePixels, ToWorker} from "./run-cell.js";
import {loadModel, type WasmUrls} from "./runtime.js";
import {errorMessage} from "../pipeline/errors.js";

const post = (message: FromWorker) =>
  (self as unknown as {postMessage(message: FromWorker): void}).postMessage(message);

let classifier: Promise<Classifier> | undefined;
let pixels: ImagePixels | undefined;
const cancelled = new Set<number>();
// Cells run one at a time, in the order the page sent them (tfjs scopes assume one run at a time).
let queue: Promise<unknown> = Promise.resolve();

function init(message: Extract<ToWorker, {type: "init"}>): void {
  if (!isModelId(message.modelId)) {
    post({type: "failed", message: `There is no model "${message.modelId}" in this lesson.`});
    return;
  }
  classifier = loadModel(message.modelId, message.modelUrls, message.wasmUrls as unknown as WasmUrls, (fraction) =>
    post({type: "progress", fraction})
  );
  classifier.then(
    () => post({type: "ready", backend: tf.getBackend()}),
    (error: unknown) => post({type: "failed", message: errorMessage(error)})
  );
}

/** The reader's `model`: inference only (disposing it would break every later run). */
function readerModel(loaded: Classifier) {
  return Object.freeze({spec: loaded.spec, infer: (input: tf.Tensor3D | tf.Tensor4D) => loaded.infer(input)});
}

async function run(id: number, code: string): Promise<void> {
  if (cancelled.delete(id)) return;
  let model: ReturnType<typeof readerModel> | undefined;
  let problem: string | undefined;
  try {
    model = readerModel(await classifier!);
  } catch (error) {
    problem = errorMessage(error);
  }
  post({type: "started", id});
  const output = await executeCell(
    code,
    () => ({
      model: model ?? missingModel(problem),
      // A fresh tensor each run, made inside the run's scope: freed after it, whatever the code did to it.
      image: pixels ? tf.tensor3d(pixels.data, pixels.shape, "int32") : undefined,
      tf,
      classLabel
    }),
    tf,
    moduleCompiler
  );
  post({type: "result", id, output});
}

function missingModel(problem = "it is still loading") {
  const fail = () => {
    throw new Error(`The model is not available: ${problem}`);
  };
  return Object.freeze({spec: undefined, infer: fail});
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case "init":
      return init(message);
    case "image":
      pixels = message.pixels;
      return;
    case "cancel":
      cancelled.add(message.id);
      return;
    case "run":
      queue = queue.then(() => run(message.id, message.code));
      return;
  }
};
