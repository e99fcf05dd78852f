// Entropy, energy and KL divergence from logits, against their formulas worked out by hand and against the plain-number
// entropy the temperature page uses; the "I don't know" rule, its slider and its verdict in words; and the pictures of
// nothing.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {
  energy,
  entropyBits,
  MEASURES,
  measureText,
  readConfidence,
  saysUnsure,
  thresholdRange,
  verdict
} from "../../components/pipeline/confidence.js";
import {drawingImage, flatImage, noiseImage} from "../../components/pipeline/blank-images.js";
import {entropy} from "../../components/pipeline/temperature.js";
import {toyExample, WHITE} from "../../components/pipeline/toy-drawings.js";
import {seededRandom, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

const scalar = (t: tf.Tensor) => {
  const value = t.dataSync()[0]!;
  t.dispose();
  return value;
};
const randomLogits = (seed: number) => {
  const random = seededRandom(seed);
  return Float32Array.from({length: 1000}, () => random() * 20 - 10);
};

describe("entropyBits", () => {
  it("is log₂ 1000 when all 1000 classes are equally likely, and 0 when one class has it all", () => {
    expect(scalar(entropyBits(tf.zeros([1, 1000])))).toBeCloseTo(Math.log2(1000), 3); // float32
    const certain = tf.tidy(() => tf.oneHot([3], 1000).mul(1000));
    expect(scalar(entropyBits(certain))).toBeCloseTo(0, 6);
    certain.dispose();
  });

  it("is −Σ p·log₂ p: 1 bit for two equal classes, and the temperature page's entropy for any logits", () => {
    expect(scalar(entropyBits(tf.tensor1d([2, 2])))).toBeCloseTo(1, 6);
    // p = softmax([ln 3, 0]) = [¾, ¼]: −¾·log₂ ¾ − ¼·log₂ ¼ = 0.811278…
    expect(scalar(entropyBits(tf.tensor1d([Math.log(3), 0])))).toBeCloseTo(0.8112781, 5);
    const logits = randomLogits(4);
    const probabilities = tf.tidy(() => tf.softmax(tf.tensor1d(logits)).dataSync());
    expect(scalar(entropyBits(tf.tensor1d(logits)))).toBeCloseTo(entropy(probabilities, "bits"), 4);
  });
});

describe("energy", () => {
  it("is −log Σ e^logit", () => {
    expect(scalar(energy(tf.tensor1d([1, 2, 3])))).toBeCloseTo(-Math.log(Math.E + Math.E ** 2 + Math.E ** 3), 5);
    expect(scalar(energy(tf.zeros([1, 1000])))).toBeCloseTo(-Math.log(1000), 5);
  });

  it("drops by c when every logit rises by c, where softmax doesn't move", () => {
    const logits = tf.tensor2d(randomLogits(5), [1, 1000]);
    const raised = tf.add(logits, 7);
    expect(scalar(energy(raised)) - scalar(energy(logits))).toBeCloseTo(-7, 3);
    tf.dispose([logits, raised]);
  });

  it("gives one number per image in a batch", () => {
    const batch = tf.tensor2d([
      [0, 0],
      [1, 1]
    ]);
    const values = energy(batch);
    expect(values.shape).toEqual([2]);
    expect(Array.from(values.dataSync()).map((v) => +v.toFixed(5))).toEqual([-0.69315, -1.69315]);
    tf.dispose([batch, values]);
  });
});

/** The preprocessing page's teaching cell: Σ p·log₂(p / q), p = softmax(reference), q = softmax(logits), per row. */
function klDivergence(reference: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const logP = tf.logSoftmax(reference);
    const logQ = tf.logSoftmax(logits);
    const terms = tf.mul(tf.exp(logP), tf.sub(logP, logQ));
    return tf.div(tf.sum(terms, -1), Math.LN2);
  });
}

describe("KL divergence, as the preprocessing page computes it", () => {
  it("is 0 for the same logits, and Σ p·log₂(p/q) by hand for two classes", () => {
    const logits = tf.tensor2d(randomLogits(6), [1, 1000]);
    expect(Math.abs(scalar(klDivergence(logits, logits)))).toBeLessThan(1e-5);
    logits.dispose();
    // p = [½, ½], q = softmax([ln 3, 0]) = [¾, ¼]: ½·log₂(⅔) + ½·log₂(2) = 0.2075187…
    expect(scalar(klDivergence(tf.tensor1d([0, 0]), tf.tensor1d([Math.log(3), 0])))).toBeCloseTo(0.2075187, 5);
    // Not symmetric: q ‖ p = ¾·log₂(3/2) + ¼·log₂(1/2) = 0.1887218…
    expect(scalar(klDivergence(tf.tensor1d([Math.log(3), 0]), tf.tensor1d([0, 0])))).toBeCloseTo(0.1887218, 5);
  });

  it("ignores a shift of all the logits, as softmax does", () => {
    const logits = tf.tensor1d(randomLogits(7));
    const shifted = tf.add(logits, -12);
    expect(Math.abs(scalar(klDivergence(logits, shifted)))).toBeLessThan(1e-4);
    tf.dispose([logits, shifted]);
  });
});

describe("readConfidence and saysUnsure", () => {
  it("reads the top class, its probability, the entropy and the energy, freeing its tensors", async () => {
    const logits = tf.tensor2d([[0, Math.log(3)]]);
    const before = tf.memory().numTensors;
    const confidence = await readConfidence(logits);
    expect(tf.memory().numTensors).toBe(before);
    expect(confidence.topClass).toBe(1);
    expect(confidence.topProbability).toBeCloseTo(0.75, 6);
    expect(confidence.entropyBits).toBeCloseTo(0.8112781, 5);
    expect(confidence.energy).toBeCloseTo(-Math.log(4), 5);
    logits.dispose();
  });

  it("says 'I don't know' below a top-probability threshold, above an entropy or energy threshold", () => {
    const confidence = {topClass: 1, topProbability: 0.4, entropyBits: 3, energy: -5};
    const [top, bits, e] = MEASURES;
    expect(saysUnsure(confidence, top!, 0.5)).toBe(true);
    expect(saysUnsure(confidence, top!, 0.3)).toBe(false);
    expect(saysUnsure(confidence, bits!, 2)).toBe(true);
    expect(saysUnsure(confidence, bits!, 4)).toBe(false);
    expect(saysUnsure(confidence, e!, -6)).toBe(true);
    expect(saysUnsure(confidence, e!, -4)).toBe(false);
  });
});

describe("the threshold in words and on its slider", () => {
  const [top, bits, e] = MEASURES;
  const confidence = {topClass: 281, topProbability: 0.4, entropyBits: 3, energy: -5.5};

  it("writes each measure as the pages do: a percentage, bits, energy with a real minus sign", () => {
    expect(measureText(top!, 0.4)).toBe("40.0%");
    expect(measureText(bits!, 3)).toBe("3.00 bits");
    expect(measureText(e!, -5.5)).toBe("−5.50");
  });

  it("gives fixed slider ranges for probability and entropy, and spans the pictures' energies", () => {
    expect(thresholdRange(top!, [-3, 9])).toEqual({min: 0, max: 1, step: 0.01, value: 0.5});
    expect(thresholdRange(bits!, [-3, 9])).toEqual({min: 0, max: 10, step: 0.05, value: 5});
    expect(thresholdRange(e!, [-14.2, -6.3, -9])).toEqual({min: -17, max: -4, step: 0.1, value: -10});
  });

  it("says why the classifier answers, or says 'I don't know', on either side of the threshold", () => {
    expect(verdict(confidence, top!, 0.5)).toEqual({
      unsure: true,
      because: "its top probability is 40.0%, below the threshold of 50.0%",
      answer: "says “I don't know”"
    });
    expect(verdict(confidence, top!, 0.3)).toEqual({
      unsure: false,
      because: "its top probability is 40.0%, not below the threshold of 30.0%",
      answer: "answers tabby"
    });
    expect(verdict(confidence, bits!, 2).because).toBe("its entropy is 3.00 bits, above the threshold of 2.00 bits");
    expect(verdict(confidence, e!, -5).answer).toBe("answers tabby");
    // On the threshold itself the classifier still answers: "unsure" is strictly beyond it.
    expect(verdict(confidence, e!, -5.5).unsure).toBe(false);
  });
});

describe("pictures of nothing", () => {
  it("fills a flat grey, and draws the same noise for the same seed", () => {
    const grey = flatImage(128, 4);
    expect(grey.shape).toEqual([4, 4, 3]);
    expect(new Set(grey.dataSync())).toEqual(new Set([128]));
    const [a, b, c] = [noiseImage(1, 8), noiseImage(1, 8), noiseImage(2, 8)];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    for (const v of a.dataSync()) expect(v >= 0 && v <= 255 && Number.isInteger(v)).toBe(true);
    tf.dispose([grey, a, b, c]);
  });

  it("blows a 10×10 toy drawing up into sharp grey squares", () => {
    const drawing = toyExample("cat");
    const picture = drawingImage(drawing, 20); // each drawing pixel becomes a 2×2 square, in all three channels
    const values = picture.arraySync();
    for (let y = 0; y < 20; y++) {
      for (let x = 0; x < 20; x++) {
        const expected = drawing[Math.floor(y / 2) * 10 + Math.floor(x / 2)];
        expect(values[y]![x]).toEqual([expected, expected, expected]);
      }
    }
    expect(drawing).toContain(WHITE);
    picture.dispose();
  });
});
