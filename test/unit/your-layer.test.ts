// The reader's own layer: trained on their examples with some held out, and its answer read for the page.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {addClass, addExamples, emptySet, type ExampleSet} from "../../components/pipeline/example-set.js";
import {EMBEDDING_SIZE} from "../../components/pipeline/head.js";
import {seededRandom} from "../../components/pipeline/random.js";
import {readLayerAnswer, trainOnExamples} from "../../components/pipeline/your-layer.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

/** Two or three classes of 10 examples, each class lighting up its own 20 of the 256 numbers. */
function separableSet(classCount: number): ExampleSet {
  const random = seededRandom(7);
  let set = emptySet();
  while (set.classes.length < classCount) set = addClass(set);
  set.classes.forEach((c, label) => {
    const examples = Array.from({length: 10}, (_, n) => ({
      id: `${label}-${n}`,
      embedding: Float32Array.from(
        {length: EMBEDDING_SIZE},
        (_, j) => random() + (j >= label * 20 && j < label * 20 + 20 ? 2 : 0)
      ),
      thumbnail: new Blob([]),
      source: "test"
    }));
    set = addExamples(set, c.id, examples);
  });
  return set;
}

describe("trainOnExamples", () => {
  it("trains a layer of the set's classes on all but the held-out examples, and frees it all on dispose", async () => {
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const layer = await trainOnExamples(separableSet(3), {epochs: 20, onEpoch: ({epoch}) => void epochs.push(epoch)});
    try {
      expect(layer.classNames).toEqual(["class 1", "class 2", "class 3"]);
      expect(layer.head.weights.shape).toEqual([EMBEDDING_SIZE, 3]);
      expect([layer.train.length, layer.heldOut.length]).toEqual([24, 6]);
      expect(layer.heldOutSet.embeddings.shape).toEqual([6, EMBEDDING_SIZE]);
      expect(epochs).toHaveLength(20);
      expect(layer.report.stopped).toBe(false);
      const losses = layer.report.epochs.map((e) => e.loss);
      expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    } finally {
      layer.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("frees what it made when training fails", async () => {
    const before = tf.memory().numTensors;
    const empty = emptySet(); // no examples: nothing to train on
    await expect(trainOnExamples(empty)).rejects.toThrow(/no training examples/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("readLayerAnswer", () => {
  it("reads the logits' shape, the probabilities, and each tensor as print() writes it", async () => {
    const embedding = tf.fill([1, 4], 0.5);
    const logits = tf.tensor2d([[2, 0]]);
    const probabilities = tf.softmax(logits);
    try {
      const answer = await readLayerAnswer(["cat", "bird"], {embedding, logits, probabilities});
      expect(answer.classNames).toEqual(["cat", "bird"]);
      expect(answer.shape).toEqual([1, 2]);
      expect(answer.probabilities[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
      expect(answer.logitsText).toBe(logits.toString());
      expect(answer.embeddingText).toMatch(/^Tensor\n/);
      expect(answer.probabilitiesText).toBe(probabilities.toString());
    } finally {
      tf.dispose([embedding, logits, probabilities]);
    }
  });
});
