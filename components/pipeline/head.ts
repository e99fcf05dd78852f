// A new last layer for MobileNet: the reader's own N classes on top of its 256-number embedding. MobileNet's own last
// layer is weights [256, 1001] and 1001 biases; this one is weights [256, N] and N biases, then softmax, trained here.
// Its gradient is written out rather than taken from tfjs's autodiff: for one layer under softmax cross-entropy it is
// one line, and the site's pages then need no gradient registry (≈180 KB of tfjs they would load only for this).
import * as tf from "@tensorflow/tfjs-core";
import {seededRandom} from "./random.js";

/** MobileNet v1 0.25's embedding: the global pool's output, `model.infer(image, true)`, is [1, 256]. */
export const EMBEDDING_SIZE = 256;
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 5;

/** The new layer: weights [embedding, N] and biases [N], both tf.variable, one column and one bias per class. */
export interface Head {
  classNames: string[];
  weights: tf.Variable<tf.Rank.R2>;
  biases: tf.Variable<tf.Rank.R1>;
  dispose(): void;
}

/**
 * A new layer for `classNames`: weights drawn uniformly from ±√(6 / (fan in + fan out)) (Glorot's rule, from the
 * seeded generator, so a seed gives the same layer everywhere), biases zero.
 */
export function createHead(classNames: readonly string[], {seed = 1, embeddingSize = EMBEDDING_SIZE} = {}): Head {
  const count = classNames.length;
  const random = seededRandom(seed);
  const limit = Math.sqrt(6 / (embeddingSize + count));
  const weights = Float32Array.from({length: embeddingSize * count}, () => (2 * random() - 1) * limit);
  return headFromValues(classNames, weights, new Float32Array(count), embeddingSize);
}

/** A layer with these exact values: `weights` row by row ([embedding, N]), `biases` [N]. */
export function headFromValues(
  classNames: readonly string[],
  weights: Float32Array,
  biases: Float32Array,
  embeddingSize = EMBEDDING_SIZE
): Head {
  const count = classNames.length;
  if (count < MIN_CLASSES || count > MAX_CLASSES)
    throw new Error(`A new last layer has ${MIN_CLASSES} to ${MAX_CLASSES} classes, not ${count}.`);
  if (weights.length !== embeddingSize * count || biases.length !== count)
    throw new Error(
      `A layer for ${count} classes needs ${embeddingSize} × ${count} weights and ${count} biases, ` +
        `not ${weights.length} and ${biases.length}.`
    );
  const head: Head = {
    classNames: [...classNames],
    // A variable shares its first value's memory: tidy frees the first tensor's own hold on it.
    weights: tf.tidy(() => tf.variable(tf.tensor2d(weights, [embeddingSize, count]))),
    biases: tf.tidy(() => tf.variable(tf.tensor1d(biases))),
    dispose: () => {
      head.weights.dispose();
      head.biases.dispose();
    }
  };
  return head;
}

/** The layer's scores, one row per embedding: embeddings [n, 256] · weights [256, N] + biases → logits [n, N]. */
export function headLogits(head: Head, embeddings: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.matMul(embeddings, head.weights), head.biases));
}

/** Embeddings with the class each belongs to, as tensors: embeddings [n, 256] and one-hot targets [n, N]. */
export interface LabelledSet {
  embeddings: tf.Tensor2D;
  targets: tf.Tensor2D;
  /** The class of each row, as numbers (indices into the class names). */
  labels: number[];
  dispose(): void;
}

export interface LabelledEmbedding {
  embedding: Float32Array;
  label: number;
}

export function labelledSet(
  examples: readonly LabelledEmbedding[],
  classCount: number,
  embeddingSize = EMBEDDING_SIZE
): LabelledSet {
  const values = new Float32Array(examples.length * embeddingSize);
  examples.forEach(({embedding}, i) => {
    if (embedding.length !== embeddingSize)
      throw new Error(`Example ${i} has ${embedding.length} numbers; the layer reads embeddings of ${embeddingSize}.`);
    values.set(embedding, i * embeddingSize);
  });
  const labels = examples.map(({label}) => label);
  const embeddings = tf.tensor2d(values, [examples.length, embeddingSize]);
  const targets = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), classCount), "float32") as tf.Tensor2D);
  return {embeddings, targets, labels, dispose: () => tf.dispose([embeddings, targets])};
}

/** How the layer does on a set: the mean softmax cross-entropy and how many rows its top score gets right. */
export interface Evaluation {
  loss: number;
  correct: number;
  total: number;
}

function crossEntropy(head: Head, set: LabelledSet): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(set.targets, headLogits(head, set.embeddings)) as tf.Scalar);
}

export async function evaluateHead(head: Head, set: LabelledSet): Promise<Evaluation> {
  const total = set.labels.length;
  if (total === 0) return {loss: NaN, correct: 0, total};
  const [loss, guesses] = tf.tidy(() => {
    const logits = headLogits(head, set.embeddings);
    return [tf.losses.softmaxCrossEntropy(set.targets, logits), tf.argMax(logits, 1)];
  });
  try {
    const [lossValue, guessed] = await Promise.all([loss.data(), guesses.data()]);
    return {loss: lossValue[0]!, correct: set.labels.filter((label, i) => guessed[i] === label).length, total};
  } finally {
    tf.dispose([loss, guesses]);
  }
}

/**
 * One training step's loss and gradients, by hand. With probabilities P = softmax(X·W + b) for n embeddings X and
 * one-hot targets Y, the mean cross-entropy's gradient with respect to the logits is (P − Y) / n; so W's is
 * Xᵀ · (P − Y) / n and b's is the column sums of (P − Y) / n.
 */
export function headGradients(
  head: Head,
  set: Pick<LabelledSet, "embeddings" | "targets">
): {loss: tf.Scalar; weights: tf.Tensor2D; biases: tf.Tensor1D} {
  return tf.tidy(() => {
    const logits = headLogits(head, set.embeddings);
    const loss = tf.losses.softmaxCrossEntropy(set.targets, logits) as tf.Scalar;
    const error = tf.div(tf.sub(tf.softmax(logits), set.targets), set.embeddings.shape[0]);
    return {
      loss,
      weights: tf.matMul(set.embeddings, error, true, false),
      biases: tf.sum(error, 0)
    };
  });
}

export interface EpochLoss {
  /** 1 for the first pass over the training examples. */
  epoch: number;
  epochs: number;
  /** Mean cross-entropy on the training examples at the start of the epoch. */
  loss: number;
  /** The same on the held-out examples, which training never sees; null without any. */
  heldOutLoss: number | null;
  /** Since training began, in milliseconds. */
  elapsed: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** Examples kept out of training, whose loss is reported alongside. */
  heldOut?: LabelledSet;
  onEpoch?: (report: EpochLoss) => void;
  /** Stops training after the epoch under way; the layer keeps what it has learnt. */
  signal?: AbortSignal;
}

export interface TrainingReport {
  epochs: EpochLoss[];
  /** Whether the signal ended training before its last epoch. */
  stopped: boolean;
  elapsed: number;
}

export const DEFAULT_EPOCHS = 50;
export const DEFAULT_LEARNING_RATE = 0.005;

/**
 * Trains `head` on `train`, one step over all its examples per epoch (Adam, with the gradient of headGradients).
 * Waits for the next frame after each epoch, so a page stays responsive and can draw the loss as it falls.
 */
export async function trainHead(
  head: Head,
  train: LabelledSet,
  {epochs = DEFAULT_EPOCHS, learningRate = DEFAULT_LEARNING_RATE, heldOut, onEpoch, signal}: TrainOptions = {}
): Promise<TrainingReport> {
  if (train.labels.length === 0) throw new Error("There are no training examples.");
  const optimizer = tf.train.adam(learningRate);
  const reports: EpochLoss[] = [];
  const started = performance.now();
  try {
    for (let epoch = 1; epoch <= epochs && !signal?.aborted; epoch++) {
      const step = headGradients(head, train);
      const heldOutLoss = heldOut?.labels.length ? crossEntropy(head, heldOut) : null;
      optimizer.applyGradients([
        {name: head.weights.name, tensor: step.weights},
        {name: head.biases.name, tensor: step.biases}
      ]);
      const [loss, heldOutValue] = await Promise.all([step.loss.data(), heldOutLoss?.data()]);
      tf.dispose([step.loss, step.weights, step.biases, heldOutLoss ?? []]);
      const report = {
        epoch,
        epochs,
        loss: loss[0]!,
        heldOutLoss: heldOutValue ? heldOutValue[0]! : null,
        elapsed: performance.now() - started
      };
      reports.push(report);
      onEpoch?.(report);
      await tf.nextFrame();
    }
  } finally {
    optimizer.dispose();
  }
  return {epochs: reports, stopped: reports.length < epochs, elapsed: performance.now() - started};
}
