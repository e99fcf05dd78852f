// Inside the real v1 0.25: its stages against what the graph computes, the last layer against the logits, and the
// gradient of a logit with respect to the input on the WASM backend (the page's) against tfjs's CPU backend.
import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {getClassifier} from "../../components/node/runtime.js";
import {toModelInput} from "../../components/pipeline/input.js";
import {
  classContributions,
  keepMask,
  lastLayer,
  lastLayerLogits,
  type LastLayer
} from "../../components/pipeline/last-layer.js";
import type {Classifier} from "../../components/pipeline/models.js";
import {countParameters} from "../../components/pipeline/parameters.js";
import {inputGradient, saliencyMap, smoothGradient} from "../../components/pipeline/saliency.js";
import {mapStages, mobilenetStages, stageActivations} from "../../components/pipeline/stages.js";
import {decodePhoto, maxAbsDiff, photoPath, startBackend} from "../helpers/tf.js";

describe("inside v1 0.25", () => {
  let classifier: Classifier;
  let cat: tf.Tensor3D;
  let input: tf.Tensor4D;
  let layer: LastLayer;

  beforeAll(async () => {
    expect(await startBackend()).toBe("wasm");
    classifier = await getClassifier("v1-0.25");
    cat = await decodePhoto(photoPath("cat.png"));
    input = toModelInput(cat, classifier.spec.inputRange);
    layer = lastLayer(classifier.graph!);
  });

  afterAll(() => {
    layer.dispose();
    tf.dispose([cat, input]);
  });

  it("offers its graph model; v1 0.75 (a layers model) has none", async () => {
    expect(classifier.graph).toBeDefined();
    expect((await getClassifier("v1-0.75")).graph).toBeUndefined();
  });

  it("has stages whose parameters add up to the model's total, with the shapes the graph computes", () => {
    const stages = mobilenetStages(classifier.weights());
    expect(stages.reduce((sum, s) => sum + s.parameters, 0)).toBe(countParameters(classifier.weights()).parameters);
    const computed = stages.filter((s) => s.node);
    const outputs = classifier.graph!.execute(
      input,
      computed.map((s) => s.node!)
    ) as tf.Tensor[];
    expect(outputs.map((t) => t.shape)).toEqual(computed.map((s) => s.shape));
    tf.dispose(outputs);
    const logits = classifier.infer(cat);
    expect(logits.shape).toEqual(stages.at(-1)!.shape);
    logits.dispose();
  });

  it("returns every stage's maps from one run, each within ReLU6's 0 to 6, without leaking tensors", async () => {
    const stages = mobilenetStages(classifier.weights());
    const before = tf.memory().numTensors;
    const maps = await stageActivations(classifier.graph!, input, stages);
    expect(tf.memory().numTensors).toBe(before);
    expect(maps).toHaveLength(mapStages(stages).length);
    for (const map of maps) {
      expect(map.max).toBeGreaterThan(0);
      expect(map.max).toBeLessThanOrEqual(6);
      expect(map.values.length).toBe(map.height * map.width * map.channels);
    }
  });

  it("is one matrix multiplication after the pool: embedding × weights + bias = logits (max |Δ| ≤ 1e-4)", async () => {
    const embedding = classifier.infer(cat, true);
    const logits = classifier.infer(cat);
    const mine = lastLayerLogits(embedding, layer);
    expect(embedding.shape).toEqual([1, 256]);
    expect(maxAbsDiff(await mine.data(), await logits.data())).toBeLessThanOrEqual(1e-4);
    tf.dispose([embedding, logits, mine]);
  });

  it("adds up the top class's 256 products and its bias to its logit, and switching a channel off removes its product", async () => {
    const embedding = classifier.infer(cat, true);
    const logits = await classifier.infer(cat).array();
    const values = logits[0]!;
    const top = values.indexOf(Math.max(...values));
    const {contributions, sum} = await classContributions(embedding, layer, top);
    expect(contributions).toHaveLength(256);
    expect(Math.abs(sum - values[top]!)).toBeLessThanOrEqual(1e-4);
    const strongest = contributions.reduce((a, b) => (b.product > a.product ? b : a));
    const off = lastLayerLogits(embedding, layer, keepMask([strongest.channel], 256));
    const change = (await off.data())[top]! - values[top]!;
    expect(Math.abs(change + strongest.product)).toBeLessThanOrEqual(1e-4);
    tf.dispose([embedding, off]);
  });

  it("takes the gradient of a logit with respect to the input on WASM, matching tfjs's CPU backend", async () => {
    const before = tf.memory().numTensors;
    const gradient = inputGradient(classifier.graph!, input, 285);
    expect(gradient.shape).toEqual([1, 224, 224, 3]);
    const wasm = await gradient.data();
    gradient.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const pixels = await input.array();
    await tf.setBackend("cpu");
    try {
      const cpuInput = tf.tensor4d(pixels);
      const cpu = inputGradient(classifier.graph!, cpuInput, 285);
      const reference = await cpu.data();
      tf.dispose([cpuInput, cpu]);
      // The two backends round differently, so a few ReLU6 units sit on the other side of 0 or 6: compare the maps.
      let largest = 0;
      for (const v of reference) largest = Math.max(largest, Math.abs(v));
      expect(maxAbsDiff(wasm, reference)).toBeLessThan(0.05 * largest);
      let dot = 0;
      let a = 0;
      let b = 0;
      for (let i = 0; i < wasm.length; i++) {
        dot += wasm[i]! * reference[i]!;
        a += wasm[i]! ** 2;
        b += reference[i]! ** 2;
      }
      expect(dot / Math.sqrt(a * b)).toBeGreaterThan(0.999);
    } finally {
      await tf.setBackend("wasm");
    }
  });

  it("makes a SmoothGrad map of the input's size, repeatable for a seed", async () => {
    const before = tf.memory().numTensors;
    const first = await smoothGradient(classifier.graph!, input, 285, {samples: 3, seed: 2});
    const again = await smoothGradient(classifier.graph!, input, 285, {samples: 3, seed: 2});
    expect(maxAbsDiff(await first.data(), await again.data())).toBe(0);
    const map = await saliencyMap(first);
    expect(map).toMatchObject({width: 224, height: 224});
    expect(map.top).toBeGreaterThan(0);
    tf.dispose([first, again]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
