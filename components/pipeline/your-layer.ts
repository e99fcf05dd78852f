// The reader's own last layer on the "Your own classes" page: trained on their examples (about 20% of each class held
// out), and its answer for an image read into plain numbers and print() texts for the page's view.
import type * as tf from "@tensorflow/tfjs-core";
import {splitExamples, type ExampleSet, type Split} from "./example-set.js";
import {formatTensor} from "./format.js";
import {
  createHead,
  labelledSet,
  trainHead,
  type Head,
  type LabelledSet,
  type TrainingReport,
  type TrainOptions
} from "./head.js";

export interface TrainedLayer extends Split {
  /** The layer: tf.variable weights [256, N] and biases [N]. */
  head: Head;
  /** The held-out examples as tensors: embeddings [n, 256] and one-hot targets [n, N]. */
  heldOutSet: LabelledSet;
  report: TrainingReport;
  /** Frees the layer and the example tensors. */
  dispose(): void;
}

/**
 * A new layer for the set's classes, trained on its examples but the held-out ones: weights start as small random
 * numbers and biases as zeros (createHead), then trainHead runs its epochs.
 */
export async function trainOnExamples(
  set: ExampleSet,
  options: Omit<TrainOptions, "heldOut"> = {}
): Promise<TrainedLayer> {
  const split = splitExamples(set);
  const trainSet = labelledSet(split.train, split.classNames.length);
  const heldOutSet = labelledSet(split.heldOut, split.classNames.length);
  const head = createHead(split.classNames);
  const dispose = () => [head, trainSet, heldOutSet].forEach((x) => x.dispose());
  try {
    const report = await trainHead(head, trainSet, {...options, heldOut: heldOutSet});
    return {...split, head, heldOutSet, report, dispose};
  } catch (error) {
    dispose();
    throw error;
  }
}

/** A layer's answer for one image, as the page shows it: its shape, its tensors as print() writes them, the numbers. */
export interface LayerReading {
  classNames: readonly string[];
  shape: number[];
  embeddingText: string;
  logitsText: string;
  probabilitiesText: string;
  probabilities: Float32Array;
}

/** Reads the embedding [1, 256], the layer's logits [1, N] and their softmax; frees nothing. */
export async function readLayerAnswer(
  classNames: readonly string[],
  {embedding, logits, probabilities}: {embedding: tf.Tensor; logits: tf.Tensor; probabilities: tf.Tensor}
): Promise<LayerReading> {
  return {
    classNames,
    shape: logits.shape.slice(),
    embeddingText: formatTensor(embedding),
    logitsText: formatTensor(logits),
    probabilitiesText: formatTensor(probabilities),
    probabilities: (await probabilities.data()) as Float32Array
  };
}
