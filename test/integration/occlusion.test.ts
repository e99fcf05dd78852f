// The occlusion map and the live edits on the real MobileNet v1 0.25 and the sample cat.
import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {getClassifier} from "../../components/node/runtime.js";
import {classLabel} from "../../components/pipeline/classes.js";
import type {Classifier} from "../../components/pipeline/models.js";
import {summarize} from "../../components/pipeline/output.js";
import {gridCells, modelSizedPixels, mostImportantCell, occlusionMap} from "../../components/pipeline/occlusion.js";
import {perturb} from "../../components/pipeline/perturb.js";
import {photoPath, decodePhoto, startBackend} from "../helpers/tf.js";

describe("occlusion on the real v1 0.25", () => {
  let classifier: Classifier;
  let cat: tf.Tensor3D;
  let seen: tf.Tensor3D;

  beforeAll(async () => {
    expect(await startBackend()).toBe("wasm");
    classifier = await getClassifier("v1-0.25");
    cat = await decodePhoto(photoPath("cat.png"));
    seen = modelSizedPixels(cat);
  });

  afterAll(() => {
    tf.dispose([cat, seen]);
  });

  it("a batch of 224×224 images gives one row of logits per image, the same as one at a time", async () => {
    const batch = tf.stack([seen, tf.reverse(seen, 1)]) as tf.Tensor4D;
    const together = classifier.infer(batch);
    const first = classifier.infer(seen);
    expect(together.shape).toEqual([2, 1000]);
    const firstOfBatch = tf.slice(together, [0, 0], [1, -1]);
    const [a, b] = [await firstOfBatch.data(), await first.data()];
    for (let i = 0; i < 1000; i += 97) expect(a[i]).toBeCloseTo(b[i]!, 3);
    tf.dispose([batch, together, first, firstOfBatch]);
  });

  it("covering parts of the cat lowers 'Egyptian cat' most where the cat is", async () => {
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const map = await occlusionMap(classifier, seen, {gridSize: 7, chunkSize: 16, onProgress: (f) => progress.push(f)});
    expect(tf.memory().numTensors).toBe(before);
    expect(classLabel(map.classIndex)).toMatch(/cat/i);
    // The map starts from the model's own answer for the photo: the same class and probability as classifying it.
    const logits = classifier.infer(cat);
    const {top} = await summarize(logits, 1);
    logits.dispose();
    expect(map.classIndex).toBe(top[0]!.index);
    expect(map.baseProbability).toBeCloseTo(top[0]!.probability, 4);
    expect(progress.at(-1)).toBe(1);
    // The other two measures: its logit, and the top three together, which for this tabby are the three cat classes
    // (Egyptian cat, tabby, tiger cat) holding 86.7% between them.
    expect(map.baseLogit).toBeCloseTo(top[0]!.logit, 3);
    expect(map.group).toEqual([285, 281, 282]);
    expect(map.baseGroupProbability).toBeCloseTo(0.867, 3);
    expect(map.logits).toHaveLength(49);
    for (const [i, p] of map.groupProbabilities.entries()) expect(p).toBeGreaterThanOrEqual(map.probabilities[i]!);
    expect(map.drops).toHaveLength(49);
    for (const drop of map.drops) {
      expect(drop).toBeGreaterThanOrEqual(-1);
      expect(drop).toBeLessThanOrEqual(1);
    }
    const best = mostImportantCell(map.drops);
    // A large drop somewhere: hiding the right square costs the answer a real share of its probability.
    expect(map.drops[best]!).toBeGreaterThan(0.1);
    expect(map.drops[best]!).toBeGreaterThan(map.baseProbability * 0.2);
    // …and that square is on the cat, not on the background: in cat.png (512 × 341) the cat sits in the box from
    // x ≈ 50 to 360 and y ≈ 40 to the bottom edge (as fractions of the image below).
    const cell = gridCells(224, 224, 7)[best]!;
    const [centreX, centreY] = [(cell.left + cell.right) / 2 / 224, (cell.top + cell.bottom) / 2 / 224];
    expect(centreX).toBeGreaterThan(50 / 512);
    expect(centreX).toBeLessThan(360 / 512);
    expect(centreY).toBeGreaterThan(40 / 341);
    // Most squares barely matter: the map is a few hot spots, not a uniform loss.
    const small = Array.from(map.drops).filter((d) => Math.abs(d) < map.drops[best]! / 2).length;
    expect(small).toBeGreaterThan(49 / 2);
  });

  it("a brighter cat gives different logits; neutral settings give the same ones", async () => {
    const plain = classifier.infer(cat);
    const same = tf.tidy(() => classifier.infer(perturb(cat, {})));
    const brighter = tf.tidy(() => classifier.infer(perturb(cat, {brightness: 80})));
    const [p, s, b] = await Promise.all([plain.data(), same.data(), brighter.data()]);
    expect(Array.from(s)).toEqual(Array.from(p));
    expect(Array.from(b)).not.toEqual(Array.from(p));
    tf.dispose([plain, same, brighter]);
  });
});
