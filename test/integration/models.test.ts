// The real MobileNets from the project's copy (or MOBILENET_ASSETS), through the same runtime the CLI uses.
import {readFile} from "node:fs/promises";
import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadModelFiles} from "../../components/node/assets.js";
import {getClassifier} from "../../components/node/runtime.js";
import {toModelInput} from "../../components/pipeline/input.js";
import {MODELS, singleFileModel, type Classifier, type ModelId} from "../../components/pipeline/models.js";
import {summarize} from "../../components/pipeline/output.js";
import {imagenetPath, photoPath, decodePhoto, maxAbsDiff, startBackend} from "../helpers/tf.js";

interface LabelledPhoto {
  file: string;
  index: number;
  wnid: string;
  label: string;
}

const MODEL_IDS = Object.keys(MODELS) as ModelId[];
/** How many of the 26 ImageNet samples must have their true class in the top 5 (a small model is often wrong). */
const MIN_TOP5: Record<ModelId, number> = {"v1-0.25": 20, "v1-0.75": 24};

/** The model's files as an IOHandler, for loading a second, independent copy next to the Classifier. */
async function modelSource(id: ModelId): Promise<tf.io.IOHandler> {
  const {modelJson, weights} = await loadModelFiles(id);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return singleFileModel(modelJson, async () => weightData);
}

describe("the real MobileNets", () => {
  const classifiers = {} as Record<ModelId, Classifier>;
  const samples: {photo: LabelledPhoto; pixels: tf.Tensor3D}[] = [];
  let cat: tf.Tensor3D;

  beforeAll(async () => {
    expect(await startBackend()).toBe("wasm");
    for (const id of MODEL_IDS) classifiers[id] = await getClassifier(id);
    const photos = JSON.parse(await readFile(imagenetPath("labels.json"), "utf8")) as LabelledPhoto[];
    for (const photo of photos) samples.push({photo, pixels: await decodePhoto(imagenetPath(photo.file))});
    cat = await decodePhoto(photoPath("cat.png"));
  });

  afterAll(() => {
    tf.dispose([cat, ...samples.map((s) => s.pixels)]);
  });

  it("reads 26 labelled ImageNet photos", () => {
    expect(samples).toHaveLength(26);
    for (const {photo, pixels} of samples) {
      expect(pixels.dtype).toBe("int32");
      expect(pixels.shape[2]).toBe(3);
      expect(Number.isInteger(photo.index) && photo.index >= 0 && photo.index < 1000).toBe(true);
    }
  });

  for (const id of MODEL_IDS) {
    it(`${id} returns raw logits [1, 1000] float32: some negative, not summing to 1`, () => {
      const logits = classifiers[id].infer(cat);
      try {
        expect(logits.shape).toEqual([1, 1000]);
        expect(logits.dtype).toBe("float32");
        const values = logits.dataSync();
        expect(values.some((v) => v < 0)).toBe(true);
        expect(values.every(Number.isFinite)).toBe(true);
        const sum = Array.from(values).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - 1)).toBeGreaterThan(0.1);
      } finally {
        logits.dispose();
      }
    });

    it(`${id} puts the true class in its top 5 for at least ${MIN_TOP5[id]} of the 26 ImageNet photos`, async () => {
      const misses: string[] = [];
      let top1 = 0;
      for (const {photo, pixels} of samples) {
        const logits = classifiers[id].infer(pixels);
        const {top} = await summarize(logits, 5);
        logits.dispose();
        if (top[0]!.index === photo.index) top1++;
        if (!top.some((c) => c.index === photo.index)) misses.push(`${photo.file} → ${top[0]!.label}`);
      }
      const top5 = samples.length - misses.length;
      console.log(
        `${id}: true class in top 5 for ${top5}/${samples.length}, top 1 for ${top1}/${samples.length}` +
          (misses.length ? `; missed: ${misses.join("; ")}` : "")
      );
      expect(top5).toBeGreaterThanOrEqual(MIN_TOP5[id]);
    });
  }

  it("v1-0.25 sees a cat in cat.png (top 1 is one of the cat classes 281–285)", async () => {
    const logits = classifiers["v1-0.25"].infer(cat);
    const {top} = await summarize(logits, 1);
    logits.dispose();
    expect(top[0]!.index).toBeGreaterThanOrEqual(281);
    expect(top[0]!.index).toBeLessThanOrEqual(285);
  });

  it("v1-0.25's infer is the graph model run on toModelInput(pixels, [0, 1]), background column dropped", async () => {
    // So the lesson's input page (toModelInput) shows exactly the tensor the package feeds the model.
    const graph = await tf.loadGraphModel(await modelSource("v1-0.25"));
    try {
      for (const pixels of [cat, samples[0]!.pixels, samples[5]!.pixels]) {
        const expected = tf.tidy(() =>
          tf.slice(graph.predict(toModelInput(pixels, [0, 1])) as tf.Tensor2D, [0, 1], [-1, 1000])
        );
        const logits = classifiers["v1-0.25"].infer(pixels);
        expect(expected.shape).toEqual([1, 1000]);
        expect(maxAbsDiff(logits.dataSync(), expected.dataSync())).toBe(0);
        tf.dispose([expected, logits]);
      }
    } finally {
      graph.dispose();
    }
  });

  it("v1-0.75: softmax of the conv_preds logits equals the published model's own (softmaxed) output", async () => {
    const full = await tf.loadLayersModel(await modelSource("v1-0.75"));
    try {
      for (const pixels of [cat, samples[1]!.pixels]) {
        const published = tf.tidy(() => full.predict(toModelInput(pixels, [-1, 1])) as tf.Tensor2D);
        const logits = classifiers["v1-0.75"].infer(pixels);
        const probabilities = tf.softmax(logits);
        expect(published.shape).toEqual([1, 1000]);
        expect(maxAbsDiff(probabilities.dataSync(), published.dataSync())).toBeLessThanOrEqual(1e-5);
        tf.dispose([published, logits, probabilities]);
      }
    } finally {
      full.dispose();
    }
  });

  for (const id of MODEL_IDS) {
    it(`${id} classifies a batch [2, h, w, 3] like its images one at a time`, () => {
      const batch = tf.tidy(() => tf.stack([cat, tf.reverse(cat, 1)]) as tf.Tensor4D);
      const logits = classifiers[id].infer(batch);
      const first = classifiers[id].infer(cat);
      try {
        expect(logits.shape).toEqual([2, 1000]);
        const rows = logits.dataSync();
        expect(maxAbsDiff(rows.subarray(0, 1000), first.dataSync())).toBeLessThanOrEqual(1e-3);
        // The mirrored cat is a different input, so its logits differ.
        expect(maxAbsDiff(rows.subarray(0, 1000), rows.subarray(1000))).toBeGreaterThan(1e-3);
      } finally {
        tf.dispose([batch, logits, first]);
      }
    });
  }

  it("frees every tensor over 50 classifications (infer + summarize + dispose)", async () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      const id = MODEL_IDS[i % MODEL_IDS.length]!;
      const logits = classifiers[id].infer(samples[i % samples.length]!.pixels);
      await summarize(logits, 5);
      logits.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(MODEL_IDS)("%s: infer(image, true) returns the embedding the last layer reads", (id) => {
    const before = tf.memory().numTensors;
    const embedding = classifiers[id].infer(cat, true);
    expect(embedding.shape).toEqual([1, id === "v1-0.25" ? 256 : 768]);
    embedding.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(MODEL_IDS)("%s: classify(image) names the top classes as the mobilenet package does", async (id) => {
    const before = tf.memory().numTensors;
    const top = await classifiers[id].classify(cat, 3);
    const logits = classifiers[id].infer(cat);
    const expected = await summarize(logits, 3);
    logits.dispose();
    expect(top.map((c) => c.className)).toEqual(expected.top.map((c) => c.label));
    top.forEach((c, i) => expect(c.probability).toBeCloseTo(expected.top[i]!.probability, 5));
    expect(tf.memory().numTensors).toBe(before);
  });
});
