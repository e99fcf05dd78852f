// A toy classifier for the "cat or dog?" step: 10×10 black-and-white drawings that this code draws itself (nothing is
// downloaded), and a tiny dense network trained on them in the reader's browser. Given a seed, everything here is
// repeatable: the drawings, the starting weights and the order of training.
// The whole of tfjs, unlike the rest of pipeline/: training needs tfjs-layers, the optimizers and every op's gradient,
// which the union package registers. Only the page that trains (cat-or-dog) loads this.
import * as tf from "@tensorflow/tfjs";
import {formatTensor} from "./format.js";
import {seededRandom, shuffled} from "./random.js";

/** The drawings are TOY_SIZE × TOY_SIZE pixels, stored row by row: 0 is black, 255 is white. */
export const TOY_SIZE = 10;
export const TOY_PIXELS = TOY_SIZE * TOY_SIZE;
export const BLACK = 0;
export const WHITE = 255;

/** The classes, in the order of the model's outputs: logit 0 is the cat score, logit 1 the dog score. */
export const TOY_CLASSES = ["cat", "dog"] as const;
export type ToyClass = (typeof TOY_CLASSES)[number];
/** A class as the model numbers it: an index into TOY_CLASSES. */
export type ToyLabel = 0 | 1;

const pick = (random: () => number, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

export interface DrawOptions {
  /** The chance that any one pixel is flipped afterwards, so no two drawings are alike (0 = a clean drawing). */
  noise?: number;
}

/**
 * One drawing of a cat or a dog, white lines on black. Both have a head; a cat has pointed ears on top and whiskers
 * sticking out sideways, a dog has ears hanging down beside its head and a snout below it. Size and position vary.
 */
export function drawAnimal(kind: ToyClass, random: () => number, {noise = 0.03}: DrawOptions = {}): number[] {
  const pixels = new Array<number>(TOY_PIXELS).fill(BLACK);
  const paint = (x: number, y: number) => {
    if (x >= 0 && x < TOY_SIZE && y >= 0 && y < TOY_SIZE) pixels[y * TOY_SIZE + x] = WHITE;
  };

  // The head: a box with its bottom corners cut, 5–6 wide and 4–5 tall, somewhere near the middle.
  const width = pick(random, 5, 6);
  const height = pick(random, 4, 5);
  const left = pick(random, 2, TOY_SIZE - 2 - width);
  const right = left + width - 1;
  const top = pick(random, 2, 3);
  const bottom = top + height - 1;
  for (let x = left; x <= right; x++) paint(x, top);
  for (let x = left + 1; x < right; x++) paint(x, bottom);
  for (let y = top; y < bottom; y++) {
    paint(left, y);
    paint(right, y);
  }

  if (kind === "cat") {
    // Pointed ears: a small triangle standing on each top corner, its tip straight above the corner.
    for (const [corner, inward] of [
      [left, 1],
      [right, -1]
    ] as const) {
      paint(corner, top - 1);
      paint(corner + inward, top - 1);
      paint(corner, top - 2);
    }
    // Whiskers: one or two lines on each side of the cheeks, 1–2 pixels long.
    const whiskers = pick(random, 1, 2);
    const length = pick(random, 1, 2);
    for (let w = 0; w < whiskers; w++) {
      const y = top + 2 + w;
      for (let d = 1; d <= length; d++) {
        paint(left - d, y);
        paint(right + d, y);
      }
    }
  } else {
    // Floppy ears: hanging from the top corners down beside the head, sometimes flaring outwards at the tip.
    const earLength = pick(random, 2, 4);
    const flare = random() < 0.5;
    for (const [side, outward] of [
      [left - 1, -1],
      [right + 1, 1]
    ] as const) {
      for (let y = top; y < top + earLength; y++) paint(side, y);
      if (flare) paint(side + outward, top + earLength - 1);
    }
    // A snout under the head with a nose at its tip.
    const middle = Math.floor((left + right) / 2);
    const snoutWidth = width === 6 ? 2 : pick(random, 1, 2);
    for (let x = middle; x < middle + snoutWidth; x++) paint(x, bottom + 1);
    if (random() < 0.6) for (let x = middle; x < middle + snoutWidth; x++) paint(x, bottom + 2);
  }

  for (let i = 0; i < TOY_PIXELS; i++) if (random() < noise) pixels[i] = pixels[i] === WHITE ? BLACK : WHITE;
  return pixels;
}

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
  // Shuffled, so that training does not see the classes strictly alternating.
  const labels = shuffled(
    Array.from({length: count}, (_, i) => (i % 2) as ToyLabel),
    random
  );
  return {labels, pixels: labels.map((label) => drawAnimal(TOY_CLASSES[label], random, options))};
}

/** The `n`th clean example of a class (no noise): what the page's "cat example" and "dog example" buttons load. */
export function toyExample(kind: ToyClass, n = 0): number[] {
  return drawAnimal(kind, seededRandom(1000 + 2 * n + (kind === "dog" ? 1 : 0)), {noise: 0});
}

/** Black ↔ white: 255 − value for every pixel. */
export function invertPixels(pixels: readonly number[]): number[] {
  return pixels.map((value) => WHITE - value);
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
