// The code cells' worker: its own tfjs and its own copy of the models, loaded from the same site URLs as the page's.
// The page can end this worker at any time (Stop), which is the only way to end a loop that never finishes. It starts
// from a blob: URL (run-cell.ts), so the page's Content-Security-Policy holds here too: no eval (cells, and the page's
// functions a cell reads, are compiled as blob: modules), no request to another origin.
import * as tf from "@tensorflow/tfjs";
import {classLabel} from "../pipeline/classes.js";
import {isModelId, MODELS, type Classifier} from "../pipeline/models.js";
import {executeCell, moduleCompiler, type CellOutput, type CellScope} from "./execute-cell.js";
import {
  exportsIn,
  layersModelsIn,
  functionModuleSource,
  functionsIn,
  modelIds,
  receiveValue,
  standIn,
  type FunctionMaker,
  type SentFunction,
  type SentValue
} from "./cell-values.js";
import type {FromWorker, ImagePixels, RunScope, ToWorker} from "./run-cell.js";
import {loadModel, startBackend, type ModelUrls} from "./runtime.js";
import {errorMessage} from "../pipeline/errors.js";

const post = (message: FromWorker) =>
  (self as unknown as {postMessage(message: FromWorker): void}).postMessage(message);

let config: Extract<ToWorker, {type: "init"}> | undefined;
let classifier: Promise<Classifier> | undefined;
let pixels: ImagePixels | undefined;
const cancelled = new Set<number>();
// Cells run one at a time, in the order the page sent them (tfjs scopes assume one run at a time).
let queue: Promise<unknown> = Promise.resolve();

function init(message: Extract<ToWorker, {type: "init"}>): void {
  config = message;
  if (!isModelId(message.modelId)) {
    post({type: "failed", message: `There is no model "${message.modelId}" in this lesson.`});
    return;
  }
  classifier = modelFor(message.modelId);
  classifier.then(
    () => post({type: "ready", backend: tf.getBackend()}),
    (error: unknown) => post({type: "failed", message: errorMessage(error)})
  );
}

/** Model `id` from the site's files, loaded once (runtime.ts keeps it); the first one reports its progress. */
function modelFor(id: string): Promise<Classifier> {
  const urls: ModelUrls | undefined = id === config?.modelId ? config.modelUrls : config?.otherModels?.[id];
  if (!config || !isModelId(id) || !urls) return Promise.reject(new Error(`This lesson's site has no model “${id}”.`));
  const onProgress = id === config.modelId ? (fraction: number) => post({type: "progress", fraction}) : undefined;
  return loadModel(id, urls, config.wasmUrls, onProgress);
}

/** The reader's `model`: mobilenet's own calls (disposing it, or its weights, would break every later run). */
function readerModel(loaded: Classifier) {
  return Object.freeze({
    spec: loaded.spec,
    infer: (input: tf.Tensor3D | tf.Tensor4D, embedding?: boolean) => loaded.infer(input, embedding),
    classify: (input: tf.Tensor3D, topk?: number) => loaded.classify(input, topk),
    // The model's own weight tensors, to read (disposing one would break the later runs, until the worker restarts).
    weights: () => loaded.weights(),
    // v1 0.25's tf.GraphModel, for execute() on its inner layers (the Going further pages look inside with it).
    graph: loaded.graph,
    // The same, under the name mobilenet's own object gives it (a teaching cell's `model.model`).
    model: loaded.graph
  });
}

/**
 * `mobilenet` where the page has none: the package's load(), answered with this site's copy of the model the config
 * names (the code here can't reach other servers).
 */
const siteMobilenet = Object.freeze({
  load: async ({version = 1, alpha = 1}: {version?: number; alpha?: number} = {}) => {
    const id = `v${version}-${alpha}`;
    if (!isModelId(id)) {
      const offered = Object.values(MODELS).map((spec) => spec.title);
      throw new Error(`This lesson has MobileNet ${offered.join(" and ")}; ask for version 1 with alpha 0.25 or 0.75.`);
    }
    return readerModel(await modelFor(id));
  }
});

/** The names every in-place run can read without the page sending them. */
function builtins(done: Promise<void>): CellScope {
  return {
    tf,
    mobilenet: siteMobilenet,
    __tfjs: tf,
    __mobilenet: siteMobilenet,
    // A cell's `invalidation` settles when its run ends (the page's settles when the cell runs again).
    invalidation: done,
    display: (value: unknown) => console.log(value)
  };
}

/** Each sent function's maker, compiled as a blob: module; one that won't compile becomes a stand-in that says so. */
async function compileFunctions(sent: SentValue): Promise<Map<SentFunction, FunctionMaker>> {
  const makers = new Map<SentFunction, FunctionMaker>();
  for (const fn of functionsIn(sent)) {
    const url = URL.createObjectURL(new Blob([functionModuleSource(fn)], {type: "text/javascript"}));
    try {
      makers.set(fn, ((await import(/* @vite-ignore */ url)) as {default: FunctionMaker}).default);
    } catch {
      makers.set(fn, () => standIn(fn.name, "a function of the page's own code that can't be rebuilt here"));
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  return makers;
}

type SentExport = Extract<SentValue, {kind: "export"}>;
type SentLayersModel = Extract<SentValue, {kind: "layers-model"}>;

/** Each layers model the page sent (a toy it trained), loaded from its topology and weights; disposed after the run. */
async function loadLayersModels(sent: SentValue): Promise<Map<SentLayersModel, tf.LayersModel>> {
  const loaded = new Map<SentLayersModel, tf.LayersModel>();
  for (const model of layersModelsIn(sent))
    loaded.set(model, await tf.loadLayersModel(tf.io.fromMemory(model.artifacts)));
  return loaded;
}

/** Each function the page found in one of its modules, from the same module file imported here (its own instance). */
async function importExports(sent: SentValue): Promise<Map<SentExport, unknown>> {
  const imported = new Map<SentExport, unknown>();
  for (const exported of exportsIn(sent)) {
    try {
      imported.set(
        exported,
        ((await import(/* @vite-ignore */ exported.url)) as Record<string, unknown>)[exported.name]
      );
    } catch (error) {
      const why = `a function of the lesson's code whose module could not be loaded here (${errorMessage(error)})`;
      imported.set(exported, standIn(exported.name, why));
    }
  }
  return imported;
}

async function run(id: number, code: string, scope: RunScope | undefined): Promise<void> {
  if (cancelled.delete(id)) return;
  const models = new Map<string, ReturnType<typeof readerModel>>();
  const sent: SentValue = {kind: "record", entries: Object.entries(scope?.values ?? {})};
  let makers = new Map<SentFunction, FunctionMaker>();
  let exported = new Map<SentExport, unknown>();
  let layersModels = new Map<SentLayersModel, tf.LayersModel>();
  let problem: string | undefined;
  try {
    // tfjs must have its backend before any run, even one that uses no model; and the first model must have loaded
    // (or failed): tensors made while a run's tfjs scope is open belong to that run, and are freed when it ends.
    await startBackend(config!.wasmUrls);
    await classifier?.catch(() => {});
    makers = await compileFunctions(sent);
    exported = await importExports(sent);
    layersModels = await loadLayersModels(sent);
    const ids = scope ? [...modelIds(sent)] : [config!.modelId];
    for (const modelId of ids) models.set(modelId, readerModel(await modelFor(modelId)));
  } catch (error) {
    problem = errorMessage(error);
  }
  // The time limit starts now: loading the models above does not count against the reader's code.
  post({type: "started", id});
  let ended = () => {};
  const done = new Promise<void>((resolve) => (ended = resolve));
  const model = (modelId: string) => models.get(modelId) ?? missingModel(problem);
  let output: CellOutput;
  try {
    output = await executeCell(
      code,
      () =>
        scope
          ? pageScope(scope, {model, makers, exported, layersModels}, done)
          : playgroundScope(model(config!.modelId)),
      tf,
      {compiler: moduleCompiler, lineOffset: scope?.lineOffset}
    );
  } catch (error) {
    // The runner itself failed (not the reader's code, whose errors executeCell reports): say so now, not at the limit.
    const message = `The code runner failed: ${errorMessage(error)}. Reload the page.`;
    output = {logs: [], error: {name: "Error", message}, tensorsBefore: 0, tensorsAfter: 0, milliseconds: 0};
  }
  ended();
  for (const layersModel of layersModels.values()) layersModel.dispose();
  post({type: "result", id, output});
}

/** What the playground's cells read: the default model, the page's photo, tfjs and classLabel. */
function playgroundScope(model: unknown): CellScope {
  return {
    model,
    // A fresh tensor each run, made inside the run's scope: freed after it, whatever the code did to it.
    image: pixels ? tf.tensor3d(pixels.data, pixels.shape, "int32") : undefined,
    tf,
    classLabel
  };
}

/** A teaching cell's names: the page's values (rebuilt inside the run's scope, so freed after it), then the built-ins. */
/** What a run prepared before its clock started: models, the page's functions and a toy model, ready to hand out. */
interface Prepared {
  model: (id: string) => unknown;
  makers: Map<SentFunction, FunctionMaker>;
  exported: Map<SentExport, unknown>;
  layersModels: Map<SentLayersModel, tf.LayersModel>;
}

function pageScope(scope: RunScope, prepared: Prepared, done: Promise<void>): CellScope {
  const known = builtins(done);
  const context = {
    tf,
    model: prepared.model,
    module: (name: "tf" | "mobilenet") => known[name],
    function: (fn: SentFunction) => prepared.makers.get(fn)!,
    exported: (sent: SentExport) => prepared.exported.get(sent),
    layersModel: (sent: SentLayersModel) => prepared.layersModels.get(sent)
  };
  const values: CellScope = {};
  for (const name of scope.reads) {
    const sent = scope.values[name];
    if (sent) values[name] = receiveValue(sent, context);
    else if (name in known) values[name] = known[name];
  }
  return values;
}

function missingModel(problem = "it is still loading") {
  const fail = () => {
    throw new Error(`The model is not available: ${problem}`);
  };
  return Object.freeze({spec: undefined, infer: fail, classify: fail});
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
      queue = queue.then(() => run(message.id, message.code, message.scope));
      return;
  }
};
