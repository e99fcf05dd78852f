import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createHead, labelledSet, trainHead, type LabelledEmbedding} from "../../components/pipeline/head.js";
import {
  checkHeadFile,
  headFileText,
  headFromFile,
  headToFile,
  HeadFileProblem,
  parseHeadFile,
  type HeadFile,
  type TrainingSummary
} from "../../components/pipeline/head-file.js";
import {seededRandom} from "../../components/pipeline/random.js";
import {startBackend} from "../helpers/tf.js";

let tensorsBefore = 0;
let trained: HeadFile;
let trainedWeights: Float32Array;
let trainedBiases: Float32Array;

const SUMMARY: TrainingSummary = {
  loss: [0.9, 0.5, 0.25],
  heldOutLoss: [1, 0.6, 0.3],
  epochs: 3,
  stopped: false,
  trainExamples: 16,
  heldOutCorrect: 3,
  heldOutTotal: 4
};

beforeAll(async () => {
  await startBackend();
  tensorsBefore = tf.memory().numTensors;
  // A trained layer: its weights are arbitrary floats, not the round numbers a test would write.
  const random = seededRandom(1);
  const examples: LabelledEmbedding[] = Array.from({length: 12}, (_, i) => ({
    label: i % 3,
    embedding: Float32Array.from({length: 256}, () => random() * 3)
  }));
  const head = createHead(["cat", "dog", "teapot"]);
  const set = labelledSet(examples, 3);
  await trainHead(head, set, {epochs: 3});
  trained = await headToFile(head, SUMMARY, "MobileNet v1 0.25");
  trainedWeights = head.weights.dataSync() as Float32Array;
  trainedBiases = head.biases.dataSync() as Float32Array;
  set.dispose();
  head.dispose();
});
afterAll(() => expect(tf.memory().numTensors).toBe(tensorsBefore));

describe("a layer file", () => {
  it("round-trips exactly: save, read back, load gives the very same float32 values", () => {
    const file = parseHeadFile(headFileText(trained));
    expect(file).toEqual(trained);
    const head = headFromFile(file);
    expect(head.classNames).toEqual(["cat", "dog", "teapot"]);
    expect(head.weights.shape).toEqual([256, 3]);
    expect(head.weights.dataSync()).toEqual(trainedWeights);
    expect(head.biases.dataSync()).toEqual(trainedBiases);
    head.dispose();
  });

  it("is readable JSON: the format, the class names, then one row of weights per line", () => {
    const text = headFileText(trained);
    expect(text).toMatch(/^\{\n {2}"format": "mobilenet-lesson\/last-layer",\n {2}"version": 1,/);
    expect(text).toContain('"classNames": [\n    "cat",\n    "dog",\n    "teapot"\n  ]');
    expect(text.split("\n").filter((line) => /^ {4}\[/.test(line))).toHaveLength(256);
    expect(text.length).toBeLessThan(20_000);
  });

  it("keeps how it was trained, and still loads without that part or with it damaged", () => {
    expect(parseHeadFile(headFileText(trained)).training).toEqual(SUMMARY);
    const damaged = {...trained, training: {...SUMMARY, heldOutCorrect: 9}};
    expect(checkHeadFile(damaged).training).toBeNull();
    expect(checkHeadFile({...trained, training: undefined}).training).toBeNull();
  });
});

describe("a file that isn't a layer", () => {
  const refusal = (value: unknown) => {
    try {
      checkHeadFile(value, "“x.json”");
    } catch (error) {
      expect(error).toBeInstanceOf(HeadFileProblem);
      return (error as Error).message;
    }
    throw new Error("it was accepted");
  };
  const rows = (count: number, value: unknown = 0) => Array.from({length: 256}, () => new Array(count).fill(value));

  it("is refused with a message naming the file and saying what to do", () => {
    expect(() => parseHeadFile("not json at all", "“notes.txt”")).toThrow(
      /^“notes.txt” is not a trained layer: it isn't JSON text. Choose a file this page saved/
    );
    for (const message of [
      refusal({hello: "world"}),
      refusal([1, 2, 3]),
      refusal(null),
      refusal({...trained, version: 2}),
      refusal({...trained, embeddingSize: 768}),
      refusal({...trained, classNames: ["one"]}),
      refusal({...trained, classNames: ["a", "b", "c", "d", "e", "f"]}),
      refusal({...trained, classNames: ["cat", "Cat", "dog"]}),
      refusal({...trained, classNames: ["cat", "  ", "dog"]}),
      refusal({...trained, classNames: ["cat", 7, "dog"]}),
      refusal({...trained, weights: rows(2)}),
      refusal({...trained, weights: rows(3).slice(1)}),
      refusal({...trained, weights: rows(3, null)}),
      refusal({...trained, weights: rows(3, "0.5")}),
      refusal({...trained, biases: [0, 0]}),
      refusal({...trained, biases: [0, 0, null]})
    ]) {
      expect(message).toMatch(/^“x.json” /);
      expect(message).toMatch(/Choose a file this page saved with “Download the layer”\.$/);
    }
    expect(refusal({hello: "world"})).toMatch(/not a trained layer from this page/);
    expect(refusal({...trained, embeddingSize: 768})).toMatch(/768 numbers; this page's MobileNet v1 0.25 gives 256/);
    expect(refusal({...trained, classNames: ["cat", "Cat", "dog"]})).toMatch(/already called “Cat”/);
    expect(refusal({...trained, weights: rows(2)})).toMatch(/256 rows of 3 weights/);
  });

  it("is refused before any tensor is made", () => {
    const before = tf.memory().numTensors;
    expect(() => parseHeadFile(JSON.stringify({...trained, biases: [1, 2]}))).toThrow(HeadFileProblem);
    expect(tf.memory().numTensors).toBe(before);
  });
});
