import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  BLACK,
  createToyModel,
  drawAnimal,
  invertPixels,
  makeToyDataset,
  seededRandom,
  toyExample,
  TOY_CLASSES,
  TOY_PIXELS,
  WHITE,
  type ToyDataset
} from "../../components/pipeline/toy.js";
import {startBackend} from "../helpers/tf.js";

let tensorsBefore = 0;
beforeAll(async () => {
  await startBackend();
  tensorsBefore = tf.memory().numTensors;
});
afterAll(() => expect(tf.memory().numTensors).toBe(tensorsBefore));

describe("the generated drawings", () => {
  it("are the same for the same seed and differ for another", () => {
    expect(makeToyDataset(100, 7)).toEqual(makeToyDataset(100, 7));
    expect(makeToyDataset(100, 7).pixels).not.toEqual(makeToyDataset(100, 8).pixels);
    expect(toyExample("cat", 3)).toEqual(toyExample("cat", 3));
  });

  it("hold as many cats as dogs, shuffled", () => {
    const {pixels, labels} = makeToyDataset(400, 1);
    expect(pixels).toHaveLength(400);
    expect(labels.filter((label) => label === 0)).toHaveLength(200);
    expect(labels.filter((label) => label === 1)).toHaveLength(200);
    // Not strictly alternating: the first 20 labels are not 0,1,0,1,…
    expect(labels.slice(0, 20)).not.toEqual(Array.from({length: 20}, (_, i) => i % 2));
  });

  it("are 10×10 black-and-white pictures: every pixel is 0 or 255", () => {
    for (const drawing of makeToyDataset(50, 3).pixels) {
      expect(drawing).toHaveLength(TOY_PIXELS);
      expect(drawing.every((value) => value === BLACK || value === WHITE)).toBe(true);
      expect(drawing.some((value) => value === WHITE)).toBe(true);
    }
  });

  it("draw cats top-heavy (ears above the head) and dogs bottom-heavy (snout below it)", () => {
    // The average row of the white pixels, over many clean drawings of each class.
    const meanRow = (kind: "cat" | "dog") => {
      let rows = 0;
      let count = 0;
      for (let n = 0; n < 50; n++) {
        toyExample(kind, n).forEach((value, i) => {
          if (value === WHITE) {
            rows += Math.floor(i / 10);
            count++;
          }
        });
      }
      return rows / count;
    };
    expect(meanRow("dog") - meanRow("cat")).toBeGreaterThan(0.5);
  });

  it("flip about as many pixels as the noise asks for", () => {
    const clean = drawAnimal("dog", seededRandom(5), {noise: 0});
    const flipped = drawAnimal("dog", seededRandom(5), {noise: 0.5}).filter((value, i) => value !== clean[i]).length;
    expect(flipped).toBeGreaterThan(30);
    expect(flipped).toBeLessThan(70);
  });

  it("refuse an odd count, which cannot be half cats and half dogs", () => {
    expect(() => makeToyDataset(9, 1)).toThrow(/even number/);
  });

  it("invert black and white", () => {
    expect(invertPixels([0, 255, 0])).toEqual([255, 0, 255]);
  });
});

// The cat-or-dog page's teaching cells, as written there: drawings → [n, 100] of 0–1, compile and fit, then argMax.
const asInput = (pixelLists: readonly (readonly number[])[]) =>
  tf.tidy(() => tf.div(tf.tensor2d(pixelLists as number[][]), 255));

async function train(model: tf.Sequential, drawings: ToyDataset): Promise<number[]> {
  const xs = asInput(drawings.pixels);
  const ys = tf.oneHot(drawings.labels, 2);
  model.compile({optimizer: tf.train.adam(0.005), loss: tf.losses.softmaxCrossEntropy, metrics: ["accuracy"]});
  const history = await model.fit(xs, ys, {epochs: 10, batchSize: 64, shuffle: false, verbose: 0});
  tf.dispose([xs, ys]);
  return history.history.loss as number[];
}

async function accuracyOn(model: tf.Sequential, drawings: ToyDataset): Promise<number> {
  const guessed = tf.tidy(() => tf.argMax(model.predict(asInput(drawings.pixels)) as tf.Tensor2D, 1));
  const guesses = (await guessed.array()) as number[];
  guessed.dispose();
  return guesses.filter((guess, i) => guess === drawings.labels[i]).length / guesses.length;
}

/** What the page frees when it goes: the model, and the optimizer it was compiled with (a model doesn't free that). */
function free(model: tf.Sequential): void {
  model.optimizer?.dispose();
  model.dispose();
}

describe("the input the page builds", () => {
  it("is [n, 100], pixels scaled to 0–1", () => {
    const drawing = toyExample("cat");
    const input = asInput([drawing, invertPixels(drawing)]);
    try {
      expect(input.shape).toEqual([2, TOY_PIXELS]);
      expect(Array.from(input.dataSync()).slice(0, TOY_PIXELS)).toEqual(drawing.map((v) => Math.fround(v / 255)));
    } finally {
      input.dispose();
    }
  });
});

describe("the toy model, trained as the page trains it", () => {
  it("learns cats from dogs: ≥ 90% right on drawings it never saw, repeatably, without leaking tensors", async () => {
    const drawings = makeToyDataset(400, 1);
    const unseen = makeToyDataset(200, 2);

    const trainAndScore = async () => {
      const model = createToyModel(1);
      try {
        const losses = await train(model, drawings);
        return {losses, accuracy: await accuracyOn(model, unseen)};
      } finally {
        free(model);
      }
    };

    const first = await trainAndScore();
    expect(first.losses).toHaveLength(10);
    expect(first.losses.at(-1)!).toBeLessThan(first.losses[0]!);
    expect(first.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const second = await trainAndScore();
    expect(second.accuracy).toBe(first.accuracy);
    expect(second.losses).toEqual(first.losses);
  });

  it("gives two logits whose softmax adds up to 1, and sides with the example it is shown", async () => {
    const model = createToyModel(1);
    try {
      await train(model, makeToyDataset(400, 1));
      const baseline = tf.memory().numTensors;
      for (const [label, kind] of TOY_CLASSES.entries()) {
        for (let n = 0; n < 5; n++) {
          const [logits, probabilities] = tf.tidy(() => {
            const scores = model.predict(asInput([toyExample(kind, n)])) as tf.Tensor2D;
            return [scores.arraySync()[0]!, tf.softmax(scores).arraySync()[0]!];
          });
          expect(probabilities[0]! + probabilities[1]!).toBeCloseTo(1, 6);
          expect(probabilities[label]).toBeGreaterThan(0.5);
          // The bigger logit is the bigger probability.
          expect(logits[0]! > logits[1]!).toBe(probabilities[0]! > probabilities[1]!);
        }
      }
      expect(tf.memory().numTensors).toBe(baseline);
    } finally {
      free(model);
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it("starts from weights its seed decides, freeing the tensors it built them from", () => {
    const weightsOf = (seed: number) => {
      const model = createToyModel(seed);
      try {
        return model.getWeights().map((w) => Array.from(w.dataSync()));
      } finally {
        model.dispose();
      }
    };
    const first = weightsOf(1);
    expect(first.map((w) => w.length)).toEqual([TOY_PIXELS * 16, 16, 16 * 2, 2]);
    expect(first[0]!.some((v) => v !== 0)).toBe(true);
    expect(weightsOf(1)).toEqual(first);
    expect(weightsOf(2)[0]).not.toEqual(first[0]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
