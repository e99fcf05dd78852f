// The numbers the "Small model vs bigger model" page shows, from the real MobileNets: parameters counted from the
// loaded weights, and the sample photos' right answers (data/photos.json) scored against both models.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {loadModelFiles, PHOTOS} from "../../components/node/assets.js";
import {getClassifier} from "../../components/node/runtime.js";
import {CLASS_COUNT} from "../../components/pipeline/classes.js";
import {topKAccuracy, type LabelledAnswer} from "../../components/pipeline/accuracy.js";
import {MODELS, type Classifier, type ModelId} from "../../components/pipeline/models.js";
import {summarize} from "../../components/pipeline/output.js";
import {countParameters} from "../../components/pipeline/parameters.js";
import {timeInference} from "../../components/pipeline/timing.js";
import {photoPath, decodePhoto, startBackend} from "../helpers/tf.js";

const MODEL_IDS = Object.keys(MODELS) as ModelId[];

describe("the sample photos' right answers", () => {
  it("name real ImageNet classes, with a reason for each photo", () => {
    for (const photo of PHOTOS) {
      expect(photo.truth.why.length).toBeGreaterThan(10);
      for (const id of photo.truth.classes) expect(Number.isInteger(id) && id >= 0 && id < CLASS_COUNT).toBe(true);
    }
  });

  it("leave out the burrowing owl, which ImageNet has no class for (its only owl is the great grey owl, 24)", () => {
    const owl = PHOTOS.find((photo) => photo.name === "owl.jpg")!;
    expect(owl.truth.classes).toEqual([]);
    expect(owl.truth.closest).toBe(24);
    expect(PHOTOS.filter((photo) => photo.truth.classes.length > 0).length).toBe(PHOTOS.length - 1);
  });
});

describe("the two MobileNets compared", () => {
  const classifiers = {} as Record<ModelId, Classifier>;

  beforeAll(async () => {
    await startBackend();
    for (const id of MODEL_IDS) classifiers[id] = await getClassifier(id);
  });

  it("count their parameters from the loaded weights: about 0.47 million and 2.6 million", () => {
    expect(countParameters(classifiers["v1-0.25"].weights()).parameters).toBe(468_835);
    expect(countParameters(classifiers["v1-0.75"].weights()).parameters).toBe(2_601_976);
  });

  for (const id of MODEL_IDS) {
    it(`${id}: the count agrees with model.json's weights manifest, and the weights file is 4 bytes a number`, async () => {
      const count = countParameters(classifiers[id].weights());
      const {modelJson, weights} = await loadModelFiles(id);
      const manifest = modelJson.weightsManifest.flatMap((group) => group.weights);
      const floats = manifest.filter((entry) => entry.dtype === "float32");
      expect(count.parameters).toBe(floats.reduce((sum, entry) => sum + entry.shape.reduce((a, b) => a * b, 1), 0));
      expect(count.tensors).toBe(floats.length);
      // The weights file is the float32 parameters plus a few integer constants.
      expect(count.bytes).toBe(count.parameters * 4);
      expect(weights.byteLength - count.bytes).toBeGreaterThanOrEqual(0);
      expect(weights.byteLength - count.bytes).toBeLessThan(64);
      // The biggest tensor is the last layer: one weight per (feature, class) pair.
      expect(count.largest!.shape.slice(-1)[0]).toBeGreaterThanOrEqual(CLASS_COUNT);
    });
  }

  it("reading the weights makes no tensors", () => {
    const before = tf.memory().numTensors;
    for (const id of MODEL_IDS) countParameters(classifiers[id].weights());
    expect(tf.memory().numTensors).toBe(before);
  });

  it("time inference: the bigger model is slower, and timing frees every tensor", async () => {
    const pixels = await decodePhoto(photoPath("cat.png"));
    try {
      const before = tf.memory().numTensors;
      const small = await timeInference(classifiers["v1-0.25"], pixels, {runs: 5, warmUp: 1});
      const big = await timeInference(classifiers["v1-0.75"], pixels, {runs: 5, warmUp: 1});
      expect(tf.memory().numTensors).toBe(before);
      expect(big.median).toBeGreaterThan(small.median);
    } finally {
      pixels.dispose();
    }
  });

  it("score the sample photos: the bigger model is right at least as often, in the top 5", async () => {
    const answers = {} as Record<ModelId, LabelledAnswer[]>;
    for (const id of MODEL_IDS) answers[id] = [];
    for (const photo of PHOTOS) {
      const pixels = await decodePhoto(photoPath(photo.name));
      try {
        for (const id of MODEL_IDS) {
          const logits = classifiers[id].infer(pixels);
          const {top} = await summarize(logits, 5);
          logits.dispose();
          answers[id].push({truth: photo.truth.classes, ranked: top.map((entry) => entry.index)});
        }
      } finally {
        pixels.dispose();
      }
    }
    const small = topKAccuracy(answers["v1-0.25"], 5);
    const big = topKAccuracy(answers["v1-0.75"], 5);
    expect(small.counted).toBe(PHOTOS.length - 1);
    expect(big.hits).toBeGreaterThanOrEqual(small.hits);
    // Every photo with a right answer is one of the model's top 5 for the bigger model: the labels are sensible.
    expect(big.hits).toBe(big.counted);
  });
});
