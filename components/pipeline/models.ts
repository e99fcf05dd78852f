// The two MobileNets the lesson offers, behind one interface: infer(pixels) → raw logits [n, 1000].
import * as tf from "@tensorflow/tfjs-core";
import type {GraphModel} from "@tensorflow/tfjs-converter";
import * as mobilenet from "@tensorflow-models/mobilenet";
import {CLASS_COUNT, classLabel} from "./classes.js";
import {IMAGE_SIZE, toModelInput, type InputRange} from "./input.js";

export type ModelId = "v1-0.25" | "v1-0.75";

export interface ModelSpec {
  id: ModelId;
  /** The short name pages use, e.g. "v1 0.25". */
  name: string;
  title: string;
  format: "graph" | "layers";
  inputRange: InputRange;
}

export const MODELS: Record<ModelId, ModelSpec> = {
  "v1-0.25": {
    id: "v1-0.25",
    name: "v1 0.25",
    title: "MobileNet v1 0.25 (TF-Hub graph model)",
    format: "graph",
    inputRange: [0, 1]
  },
  "v1-0.75": {
    id: "v1-0.75",
    name: "v1 0.75",
    title: "MobileNet v1 0.75 (tfjs layers model)",
    format: "layers",
    inputRange: [-1, 1]
  }
};

export const DEFAULT_MODEL: ModelId = "v1-0.25";

export function isModelId(value: unknown): value is ModelId {
  return typeof value === "string" && Object.hasOwn(MODELS, value);
}

/** One class of a `classify` answer, as @tensorflow-models/mobilenet gives it. */
export interface ClassProbability {
  className: string;
  probability: number;
}

/** The calls of @tensorflow-models/mobilenet's MobileNet, so that the lesson's code runs as written in a reader's project. */
export interface Classifier {
  spec: ModelSpec;
  /**
   * Raw logits [n, 1000] for pixels [h, w, 3] or [n, h, w, 3] with values 0–255; with `embedding`, the global pool's
   * output instead ([n, 256] for v1 0.25, [n, 768] for v1 0.75). The caller disposes the result.
   */
  infer(pixels: tf.Tensor3D | tf.Tensor4D, embedding?: boolean): tf.Tensor2D;
  /** The `topk` most probable classes (softmax of the logits), most probable first. */
  classify(pixels: tf.Tensor3D, topk?: number): Promise<ClassProbability[]>;
  /** The model's own weight tensors, by name: read them, never dispose them (the model owns them). */
  weights(): NamedWeight[];
  /**
   * v1 0.25 only: the tfjs GraphModel itself (mobilenet's own object keeps it as `.model`), whose
   * `execute(input, names)` returns any intermediate tensor. It takes the model's input, [n, 224, 224, 3] in [0, 1].
   */
  graph?: GraphModel;
  /**
   * The same GraphModel, under the name mobilenet's own object gives it: a teaching cell writes `model.model`, so that
   * the code a reader copies runs with the published package too.
   */
  model?: GraphModel;
  dispose(): void;
}

export interface NamedWeight {
  name: string;
  tensor: tf.Tensor;
}

/**
 * A tfjs IOHandler for a model whose weights are one file (the shape the site and the Node assets layer serve):
 * `loadWeights` fetches or reads those bytes only when tfjs asks for them.
 */
export function singleFileModel(modelJson: tf.io.ModelJSON, loadWeights: () => Promise<ArrayBuffer>): tf.io.IOHandler {
  return {
    load: () =>
      tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => [
        manifest.flatMap((group) => group.weights),
        await loadWeights()
      ])
  };
}

/** Loads a model from any tfjs IOHandler (files in Node, the site's own URLs in the browser), warmed up. */
export async function loadClassifier(id: ModelId, source: tf.io.IOHandler): Promise<Classifier> {
  const spec = MODELS[id];
  // mobilenet.load() already ran the graph model once; the layers model has not run yet.
  if (spec.format === "graph") return loadGraph(spec, source);
  const classifier = await loadLayers(spec, source);
  // The first run compiles kernels (and shaders on WebGL); doing it now keeps the reader's first click fast.
  const warmUp = tf.tidy(() => classifier.infer(tf.zeros([IMAGE_SIZE, IMAGE_SIZE, 3], "int32") as tf.Tensor3D));
  await warmUp.data();
  warmUp.dispose();
  return classifier;
}

async function loadGraph(spec: ModelSpec, source: tf.io.IOHandler): Promise<Classifier> {
  // The package's own load/infer: the lesson's `model.infer(image)` is literally this call.
  const model = await mobilenet.load({version: 1, alpha: 0.25, modelUrl: source, inputRange: [...spec.inputRange]});
  const graph = (model as unknown as {model: GraphModel}).model;
  return {
    spec,
    // Typed for one image, but the package reshapes to [-1, 224, 224, 3], so a batch of 224×224 images works too.
    infer: (pixels, embedding = false) => model.infer(pixels as tf.Tensor3D, embedding) as tf.Tensor2D,
    classify: (pixels, topk = 3) => model.classify(pixels, topk),
    weights: () =>
      Object.entries(graph.weights).flatMap(([name, tensors]) => tensors.map((tensor) => ({name, tensor}))),
    graph,
    model: graph,
    dispose: () => graph.dispose()
  };
}

async function loadLayers(spec: ModelSpec, source: tf.io.IOHandler): Promise<Classifier> {
  // tfjs-layers (≈220 KB) is fetched only by the pages that use this model.
  const tfl = await import("@tensorflow/tfjs-layers");
  const full = await tfl.loadLayersModel(source);
  // The published model ends in a softmax; the logits are the 1×1 convolution `conv_preds` before it.
  const logitsModel = tfl.model({inputs: full.inputs, outputs: full.getLayer("conv_preds").output});
  const embeddingModel = tfl.model({inputs: full.inputs, outputs: full.getLayer("global_average_pooling2d_1").output});
  const infer = (pixels: tf.Tensor3D | tf.Tensor4D, embedding = false) =>
    tf.tidy(() => {
      const input = toModelInput(pixels, spec.inputRange);
      if (embedding) return embeddingModel.predict(input) as tf.Tensor2D;
      return tf.reshape(logitsModel.predict(input) as tf.Tensor, [-1, CLASS_COUNT]) as tf.Tensor2D;
    });
  return {
    spec,
    infer,
    classify: async (pixels, topk = 3) => {
      const probabilities = tf.tidy(() => tf.softmax(infer(pixels)));
      const values = await probabilities.data();
      probabilities.dispose();
      return topClasses(values, topk);
    },
    weights: () => full.weights.map((weight) => ({name: weight.originalName, tensor: weight.read()})),
    dispose: () => full.dispose()
  };
}

/** The `topk` highest of 1000 probabilities, as mobilenet's classify() words them. */
function topClasses(probabilities: ArrayLike<number>, topk: number): ClassProbability[] {
  return Array.from(probabilities, (probability, index) => ({className: classLabel(index), probability}))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, topk);
}
