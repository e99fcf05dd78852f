// A toy classifier for the "cat or dog?" step: 10×10 black-and-white drawings that this code draws itself (nothing is
// downloaded), and a tiny dense network trained on them in the reader's browser. Given a seed, everything here is
// repeatable: the drawings, the starting weights and the order of training.
// The whole of tfjs, unlike the rest of pipeline/: training needs tfjs-layers, the optimizers and every op's gradient,
// which the union package registers. Only the page that trains (cat-or-dog) loads this.
import * as tf from "@tensorflow/tfjs";
import {formatTensor} from "./format.js";
import {
  drawAnimal,
  seededRandom,
  TOY_CLASSES,
  TOY_PIXELS,
  TOY_SIZE,
  WHITE,
  BLACK,
  type DrawOptions,
  type ToyClass
} from "./toy-drawings.js";

export {
  BLACK,
  drawAnimal,
  invertPixels,
  seededRandom,
  TOY_CLASSES,
  TOY_PIXELS,
  TOY_SIZE,
  toyExample,
  WHITE,
  type DrawOptions,
  type ToyClass
} from "./toy-drawings.js";

/** A class as the model numbers it: an index into TOY_CLASSES. */
export type ToyLabel = 0 | 1;

/** Labelled drawings as plain arrays: pixels[i] is a drawing of the class TOY_CLASSES[labels[i]]. */
export interface ToyDataset {
  pixels: number[][];
  labels: ToyLabel[];
}

/** `count` drawings, half cats and half dogs, in a shuffled order; the same seed gives the same drawings. */
export function makeToyDataset(count: number, seed: number, options: DrawOptions = {}): ToyDataset {
  if (!Number.isInteger(count) || count < 2 || count % 2 !== 0) {
    throw new Error(`A toy dataset needs an even number of drawings (as many cats as dogs), at least 2; got ${count}.`);
  }
  const random = seededRandom(seed);
  const labels = Array.from({length: count}, (_, i) => (i % 2) as ToyLabel);
  // Fisher–Yates, so that training does not see the classes strictly alternating.
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  return {labels, pixels: labels.map((label) => drawAnimal(TOY_CLASSES[label], random, options))};
}

function checkPixels(pixels: ArrayLike<number>, index?: number): void {
  const which = index === undefined ? "The drawing" : `Drawing ${index}`;
  if (pixels.length !== TOY_PIXELS) {
    throw new Error(
      `${which} has ${pixels.length} pixels, but the toy model reads ${TOY_SIZE}×${TOY_SIZE} = ${TOY_PIXELS}.`
    );
  }
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i]!;
    if (!(value >= BLACK && value <= WHITE)) {
      throw new Error(
        `${which} has ${value} at pixel ${i}; pixel values go from ${BLACK} (black) to ${WHITE} (white).`
      );
    }
  }
}

/** Drawings as the model's input: shape [n, 100], each pixel scaled from 0–255 to 0–1. */
export function toyInputs(drawings: readonly ArrayLike<number>[]): tf.Tensor2D {
  drawings.forEach(checkPixels);
  const values = new Float32Array(drawings.length * TOY_PIXELS);
  drawings.forEach((pixels, i) =>
    values.set(
      Array.from(pixels, (value) => value / WHITE),
      i * TOY_PIXELS
    )
  );
  return tf.tensor2d(values, [drawings.length, TOY_PIXELS]);
}

/** One drawing as the model's input, shape [1, 100]. */
export function toyInput(pixels: ArrayLike<number>): tf.Tensor2D {
  checkPixels(pixels);
  return toyInputs([pixels]);
}

const HIDDEN_UNITS = 16;

/**
 * The toy model: 100 pixels → 16 hidden units → 2 outputs, one score (logit) per class. No softmax inside: like
 * MobileNet, it gives raw scores. Its starting weights come from `seed`.
 */
export function createToyModel(seed = 1): tf.Sequential {
  // Starting weights drawn here rather than by tfjs's initializers: the site's bundle of tfjs cannot make seeded random
  // numbers (its "seedrandom" dependency loses its named exports), and this way they are the same on every backend.
  const random = seededRandom(seed);
  const glorotUniform = (fanIn: number, fanOut: number) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return tf.tensor2d(
      Float32Array.from({length: fanIn * fanOut}, () => (2 * random() - 1) * limit),
      [fanIn, fanOut]
    );
  };
  const weights = [
    [glorotUniform(TOY_PIXELS, HIDDEN_UNITS), tf.zeros([HIDDEN_UNITS])],
    [glorotUniform(HIDDEN_UNITS, TOY_CLASSES.length), tf.zeros([TOY_CLASSES.length])]
  ];
  try {
    return tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [TOY_PIXELS],
          units: HIDDEN_UNITS,
          activation: "relu",
          kernelInitializer: "zeros",
          weights: weights[0]
        }),
        tf.layers.dense({units: TOY_CLASSES.length, kernelInitializer: "zeros", weights: weights[1]})
      ]
    });
  } finally {
    tf.dispose(weights.flat()); // the layers copied them into their own variables
  }
}

export interface EpochReport {
  /** 1 for the first pass over the data. */
  epoch: number;
  epochs: number;
  loss: number;
  /** The share of training drawings the model got right during this epoch, 0–1. */
  accuracy: number;
  /** Time since training began, in milliseconds. */
  elapsed: number;
}

export interface TrainOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  onEpochEnd?: (report: EpochReport) => void;
}

/** Teaches `model` the drawings in `data`, in the data's order (so repeatable); returns each epoch's loss and accuracy. */
export async function trainToyModel(
  model: tf.LayersModel,
  data: ToyDataset,
  {epochs = 10, batchSize = 64, learningRate = 0.005, onEpochEnd}: TrainOptions = {}
): Promise<EpochReport[]> {
  const optimizer = tf.train.adam(learningRate);
  // Scores in, labels as one-hot rows: softmax and cross-entropy in one step, the usual loss for logits.
  model.compile({
    optimizer,
    loss: (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits),
    metrics: ["accuracy"]
  });
  const inputs = toyInputs(data.pixels);
  const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, "int32"), TOY_CLASSES.length));
  const reports: EpochReport[] = [];
  const started = performance.now();
  try {
    await model.fit(inputs, targets, {
      epochs,
      batchSize,
      shuffle: false, // tfjs shuffles with Math.random; the dataset is already shuffled by its seed
      verbose: 0,
      callbacks: {
        onEpochEnd: (epoch, logs) => {
          const report = {
            epoch: epoch + 1,
            epochs,
            loss: logs?.loss ?? NaN,
            accuracy: logs?.acc ?? NaN,
            elapsed: performance.now() - started
          };
          reports.push(report);
          onEpochEnd?.(report);
        }
      }
    });
  } finally {
    inputs.dispose();
    targets.dispose();
    // A model does not free an optimizer it was handed; this one's state (Adam's moments) is no longer needed.
    optimizer.dispose();
  }
  return reports;
}

/** The model's class (index into TOY_CLASSES) for each drawing. */
export function toyPredictions(model: tf.LayersModel, drawings: readonly ArrayLike<number>[]): ToyLabel[] {
  const classes = tf.tidy(() => tf.argMax(model.predict(toyInputs(drawings)) as tf.Tensor2D, 1));
  try {
    return Array.from(classes.dataSync(), (index) => index as ToyLabel);
  } finally {
    classes.dispose();
  }
}

/** The share of `data` the model classifies right, 0–1. */
export function toyAccuracy(model: tf.LayersModel, data: ToyDataset): number {
  const predicted = toyPredictions(model, data.pixels);
  return predicted.filter((label, i) => label === data.labels[i]).length / predicted.length;
}

/** What the toy model said about one drawing, as plain numbers a view can draw. */
export interface ToyOutput {
  shape: number[];
  /** [score_cat, score_dog] */
  logits: [number, number];
  /** softmax of the logits: [p(cat), p(dog)], adding up to 1 */
  probabilities: [number, number];
  /** Exactly what `logits.print()` and `tf.softmax(logits).print()` write. */
  logitsText: string;
  probabilitiesText: string;
  /** The class with the highest score. */
  label: ToyClass;
}

/** Reads one drawing's logits, shape [1, 2], with their softmax. Does not dispose `logits`. */
export async function readToyOutput(logits: tf.Tensor): Promise<ToyOutput> {
  if (logits.rank !== 2 || logits.shape[0] !== 1 || logits.shape[1] !== TOY_CLASSES.length) {
    throw new Error(`readToyOutput() reads one drawing's logits, shape [1, 2], but got [${logits.shape.join(", ")}].`);
  }
  const probabilities = tf.softmax(logits);
  try {
    const [scores, chances] = await Promise.all([logits.data(), probabilities.data()]);
    const pair = (values: tf.TypedArray): [number, number] => [values[0]!, values[1]!];
    return {
      shape: logits.shape.slice(),
      logits: pair(scores),
      probabilities: pair(chances),
      logitsText: formatTensor(logits),
      probabilitiesText: formatTensor(probabilities),
      label: TOY_CLASSES[scores[1]! > scores[0]! ? 1 : 0]
    };
  } finally {
    probabilities.dispose();
  }
}

/**
 * The best a model could do if it had to answer with one number, cat = 1 and dog = 2: trained to be as close as
 * possible (least squares), it learns the average label, 1 × p(cat) + 2 × p(dog).
 */
export function singleNumberAnswer([pCat, pDog]: readonly [number, number]): number {
  return 1 * pCat + 2 * pDog;
}
