import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  createHead,
  DEFAULT_EPOCHS,
  EMBEDDING_SIZE,
  evaluateHead,
  headFromValues,
  headGradients,
  headLogits,
  labelledSet,
  trainHead,
  type EpochLoss,
  type LabelledEmbedding
} from "../../components/pipeline/head.js";
import {seededRandom} from "../../components/pipeline/random.js";
import {maxAbsDiff, startBackend} from "../helpers/tf.js";

let tensorsBefore = 0;
beforeAll(async () => {
  await startBackend();
  tensorsBefore = tf.memory().numTensors;
});
afterAll(() => expect(tf.memory().numTensors).toBe(tensorsBefore));

/**
 * Embeddings that can be told apart: each class lights up its own 20 of the 256 numbers, on top of noise that every
 * class shares, all of them ≥ 0 like MobileNet's (its embedding comes out of a ReLU6 and an average).
 */
function separableEmbeddings(classCount: number, perClass: number, seed: number): LabelledEmbedding[] {
  const random = seededRandom(seed);
  return Array.from({length: classCount * perClass}, (_, i) => {
    const label = i % classCount;
    const embedding = Float32Array.from({length: EMBEDDING_SIZE}, (_, j) => {
      const own = j >= label * 20 && j < (label + 1) * 20;
      return random() * 2 + (own ? 1.5 + random() : 0);
    });
    return {embedding, label};
  });
}

describe("createHead", () => {
  it("makes weights [256, N] and N zero biases, both variables", () => {
    const head = createHead(["cat", "dog", "bird"]);
    expect(head.weights.shape).toEqual([256, 3]);
    expect(head.biases.shape).toEqual([3]);
    expect(head.weights).toBeInstanceOf(tf.Variable);
    expect(Array.from(head.biases.dataSync())).toEqual([0, 0, 0]);
    head.dispose();
  });

  it("draws the same weights for the same seed, within Glorot's limit", () => {
    const [a, b, c] = [
      createHead(["a", "b"], {seed: 3}),
      createHead(["a", "b"], {seed: 3}),
      createHead(["a", "b"], {seed: 4})
    ];
    const limit = Math.sqrt(6 / (256 + 2));
    const values = a.weights.dataSync();
    expect(values).toEqual(b.weights.dataSync());
    expect(values).not.toEqual(c.weights.dataSync());
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(limit * 0.9);
    [a, b, c].forEach((head) => head.dispose());
  });

  it("refuses fewer than 2 or more than 5 classes, and values of the wrong size", () => {
    expect(() => createHead(["only"])).toThrow(/2 to 5 classes, not 1/);
    expect(() => createHead(["a", "b", "c", "d", "e", "f"])).toThrow(/not 6/);
    expect(() => headFromValues(["a", "b"], new Float32Array(10), new Float32Array(2))).toThrow(/256 × 2 weights/);
  });
});

describe("headLogits", () => {
  it("gives one score per class, [1, N] for one embedding: embedding · weights + biases", () => {
    const head = headFromValues(
      ["a", "b"],
      Float32Array.from({length: 512}, (_, i) => (i % 2 ? 0.01 : -0.02)),
      Float32Array.from([0.5, -1])
    );
    const embedding = tf.ones([1, 256]) as tf.Tensor2D;
    const logits = headLogits(head, embedding);
    expect(logits.shape).toEqual([1, 2]);
    expect(maxAbsDiff(logits.dataSync(), [256 * -0.02 + 0.5, 256 * 0.01 - 1])).toBeLessThan(1e-5);
    tf.dispose([embedding, logits]);
    head.dispose();
  });
});

describe("headGradients", () => {
  it("equal what tfjs's autodiff finds for softmax cross-entropy", () => {
    const head = createHead(["a", "b", "c"], {seed: 2});
    const set = labelledSet(separableEmbeddings(3, 4, 9), 3);
    const byHand = headGradients(head, set);
    const auto = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(set.targets, headLogits(head, set.embeddings)) as tf.Scalar
    );
    expect(maxAbsDiff(byHand.loss.dataSync(), auto.value.dataSync())).toBeLessThan(1e-6);
    expect(maxAbsDiff(byHand.weights.dataSync(), auto.grads[head.weights.name]!.dataSync())).toBeLessThan(1e-6);
    expect(maxAbsDiff(byHand.biases.dataSync(), auto.grads[head.biases.name]!.dataSync())).toBeLessThan(1e-6);
    tf.dispose([byHand.loss, byHand.weights, byHand.biases, auto.value, ...Object.values(auto.grads)]);
    set.dispose();
    head.dispose();
  });
});

describe("trainHead", () => {
  it("learns separable embeddings: the loss falls and held-out examples come out right", async () => {
    const head = createHead(["a", "b", "c"]);
    const train = labelledSet(separableEmbeddings(3, 16, 1), 3);
    const heldOut = labelledSet(separableEmbeddings(3, 4, 2), 3);
    const before = await evaluateHead(head, heldOut);
    const seen: EpochLoss[] = [];
    const report = await trainHead(head, train, {heldOut, onEpoch: (epoch) => seen.push(epoch)});
    const after = await evaluateHead(head, heldOut);
    expect(report.stopped).toBe(false);
    expect(seen).toEqual(report.epochs);
    expect(report.epochs.map((e) => e.epoch)).toEqual(Array.from({length: DEFAULT_EPOCHS}, (_, i) => i + 1));
    expect(report.epochs.at(-1)!.loss).toBeLessThan(report.epochs[0]!.loss / 10);
    expect(report.epochs.at(-1)!.heldOutLoss).toBeLessThan(report.epochs[0]!.heldOutLoss! / 10);
    expect(after.loss).toBeLessThan(before.loss);
    expect(after).toMatchObject({correct: 12, total: 12});
    [train, heldOut, head].forEach((x) => x.dispose());
  });

  it("is repeatable: the same data and seed give the same layer", async () => {
    const run = async () => {
      const head = createHead(["a", "b"], {seed: 5});
      const train = labelledSet(separableEmbeddings(2, 8, 3), 2);
      await trainHead(head, train, {epochs: 5});
      const values = head.weights.dataSync().slice();
      train.dispose();
      head.dispose();
      return values;
    };
    expect(await run()).toEqual(await run());
  });

  it("stops after the epoch under way when its signal is aborted, keeping what it learnt", async () => {
    const head = createHead(["a", "b"]);
    const start = head.weights.dataSync().slice();
    const train = labelledSet(separableEmbeddings(2, 8, 4), 2);
    const controller = new AbortController();
    const report = await trainHead(head, train, {
      epochs: 50,
      signal: controller.signal,
      onEpoch: ({epoch}) => epoch === 3 && controller.abort()
    });
    expect(report.stopped).toBe(true);
    expect(report.epochs).toHaveLength(3);
    expect(head.weights.dataSync()).not.toEqual(start);
    train.dispose();
    head.dispose();
  });

  it("refuses an empty training set and embeddings of the wrong size", async () => {
    const head = createHead(["a", "b"]);
    const empty = labelledSet([], 2);
    await expect(trainHead(head, empty)).rejects.toThrow(/no training examples/);
    expect(() => labelledSet([{embedding: new Float32Array(768), label: 0}], 2)).toThrow(/768 numbers.*256/);
    empty.dispose();
    head.dispose();
  });
});
