import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  BLACK,
  createToyModel,
  drawAnimal,
  invertPixels,
  makeToyDataset,
  readToyOutput,
  seededRandom,
  singleNumberAnswer,
  toyAccuracy,
  toyExample,
  toyInput,
  toyInputs,
  trainToyModel,
  TOY_CLASSES,
  TOY_PIXELS,
  WHITE,
  type EpochReport
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

describe("the model's input", () => {
  it("is [n, 100], pixels scaled to 0–1, and explains a wrong drawing", () => {
    const drawing = toyExample("cat");
    const input = toyInput(drawing);
    const batch = toyInputs([drawing, invertPixels(drawing)]);
    try {
      expect(input.shape).toEqual([1, TOY_PIXELS]);
      expect(Array.from(input.dataSync())).toEqual(drawing.map((v) => v / 255));
      expect(batch.shape).toEqual([2, TOY_PIXELS]);
    } finally {
      input.dispose();
      batch.dispose();
    }
    expect(() => toyInput([0, 255])).toThrow(/has 2 pixels.*10×10 = 100/);
    expect(() => toyInput(new Array(TOY_PIXELS).fill(300))).toThrow(/from 0 \(black\) to 255 \(white\)/);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe("the toy model", () => {
  it("learns cats from dogs: ≥ 90% right on drawings it never saw, repeatably, without leaking tensors", async () => {
    const train = makeToyDataset(400, 1);
    const heldOut = makeToyDataset(200, 2);

    const trainAndScore = async () => {
      const model = createToyModel(1);
      const reports: EpochReport[] = [];
      try {
        const returned = await trainToyModel(model, train, {epochs: 10, onEpochEnd: (report) => reports.push(report)});
        expect(returned).toEqual(reports);
        return {reports, accuracy: toyAccuracy(model, heldOut)};
      } finally {
        model.dispose();
      }
    };

    const first = await trainAndScore();
    expect(first.reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.reports.at(-1)!.loss).toBeLessThan(first.reports[0]!.loss);
    expect(first.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const second = await trainAndScore();
    expect(second.accuracy).toBe(first.accuracy);
    expect(second.reports.map((r) => r.loss)).toEqual(first.reports.map((r) => r.loss));
  });

  it("gives two logits whose softmax adds up to 1, and sides with the example it is shown", async () => {
    const model = createToyModel(1);
    try {
      await trainToyModel(model, makeToyDataset(400, 1));
      const baseline = tf.memory().numTensors;
      for (const kind of TOY_CLASSES) {
        for (let n = 0; n < 5; n++) {
          const input = toyInput(toyExample(kind, n));
          const logits = model.predict(input) as tf.Tensor2D;
          const output = await readToyOutput(logits);
          input.dispose();
          logits.dispose();

          expect(output.shape).toEqual([1, 2]);
          const [pCat, pDog] = output.probabilities;
          expect(pCat + pDog).toBeCloseTo(1, 6);
          expect(output.label).toBe(kind);
          expect(kind === "cat" ? pCat : pDog).toBeGreaterThan(0.5);
          // The bigger logit is the bigger probability.
          expect(output.logits[0] > output.logits[1]).toBe(pCat > pDog);
          expect(output.logitsText).toMatch(/^Tensor\n\s+\[\[-?[\d.e-]+, -?[\d.e-]+\],?\]$/);
          expect(output.probabilitiesText.startsWith("Tensor\n")).toBe(true);
          expect(singleNumberAnswer(output.probabilities)).toBeCloseTo(1 + pDog, 6);
        }
      }
      expect(tf.memory().numTensors).toBe(baseline);
    } finally {
      model.dispose();
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

  it("refuses logits of the wrong shape", async () => {
    const wrong = tf.zeros([1, 3]);
    try {
      await expect(readToyOutput(wrong)).rejects.toThrow(/shape \[1, 2\], but got \[1, 3\]/);
    } finally {
      wrong.dispose();
    }
  });
});

describe("the single-number answer", () => {
  it("is 1 for a sure cat, 2 for a sure dog and 1.5 for a coin toss", () => {
    expect(singleNumberAnswer([1, 0])).toBe(1);
    expect(singleNumberAnswer([0, 1])).toBe(2);
    expect(singleNumberAnswer([0.5, 0.5])).toBe(1.5);
  });
});
