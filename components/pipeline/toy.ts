// A toy classifier for the "cat or dog?" step: 10×10 black-and-white drawings that this code draws itself (nothing is
// downloaded), and a tiny dense network for the page to train on them in the reader's browser (the page's own cells
// compile, fit and ask it, with tfjs's calls). Given a seed, the drawings and the starting weights are repeatable.
// The whole of tfjs, unlike the rest of pipeline/: training needs tfjs-layers, the optimizers and every op's gradient,
// which the union package registers. Only the page that trains (cat-or-dog) loads this.
import * as tf from "@tensorflow/tfjs";
import {drawAnimal, seededRandom, TOY_CLASSES, TOY_PIXELS, type DrawOptions} from "./toy-drawings.js";

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
