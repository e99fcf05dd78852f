// Probabilities summed by category (a 0/1 membership table, tf.matMul) and by WordNet synset: every class lands in exactly one
// category, so the category sums add up to the same total as the classes; a synset's sum covers every class under it.
import {readFile} from "node:fs/promises";
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {HIERARCHY_FILE} from "../../components/node/imagenet-hierarchy.js";
import {
  ancestorChain,
  categorySums,
  classesInCategory,
  rankCategories,
  synsetSums,
  type ImagenetHierarchy
} from "../../components/pipeline/categories.js";
import {seededRandom, startBackend} from "../helpers/tf.js";

const hierarchy = JSON.parse(await readFile(HIERARCHY_FILE, "utf8")) as ImagenetHierarchy;

beforeAll(async () => {
  await startBackend();
});

function randomProbabilities(seed: number): tf.Tensor2D {
  const random = seededRandom(seed);
  return tf.tidy(() =>
    tf.softmax(
      tf.tensor2d(
        Float32Array.from({length: 1000}, () => random() * 16 - 8),
        [1, 1000]
      )
    )
  );
}

describe("categorySums", () => {
  it("adds up to the same total as the classes, and each category to its own classes' sum", () => {
    const probabilities = randomProbabilities(1);
    const before = tf.memory().numTensors;
    const sums = categorySums(probabilities, hierarchy);
    expect(tf.memory().numTensors).toBe(before + 1);
    const values = Array.from(sums.dataSync());
    const classes = Array.from(probabilities.dataSync());
    expect(values).toHaveLength(hierarchy.categories.length);
    const total = classes.reduce((a, b) => a + b, 0);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 5);
    expect(total).toBeCloseTo(1, 5);
    hierarchy.categories.forEach((_, c) => {
      const byHand = classesInCategory(hierarchy, c).reduce((sum, classId) => sum + classes[classId]!, 0);
      expect(values[c]).toBeCloseTo(byHand, 6);
    });
    tf.dispose([probabilities, sums]);
  });

  it("adds up any numbers, not only probabilities: 1 per class counts the classes in each category", () => {
    const ones = tf.ones([1000]);
    const counts = categorySums(ones, hierarchy);
    const ranked = rankCategories(counts.dataSync(), hierarchy);
    for (const category of ranked) expect(category.probability).toBe(category.classCount);
    expect(ranked.find((c) => c.name === "dogs")!.classCount).toBe(118);
    expect(ranked.reduce((sum, c) => sum + c.classCount, 0)).toBe(1000);
    tf.dispose([ones, counts]);
  });
});

describe("synsetSums", () => {
  it("gives the root (entity) the whole total, and each step up the tree at least as much as the step below", () => {
    const probabilities = randomProbabilities(2);
    const chain = ancestorChain(hierarchy, 281);
    const sums = synsetSums(probabilities, hierarchy, chain);
    const values = Array.from(sums.dataSync());
    expect(values[0]).toBeCloseTo(probabilities.dataSync()[281]!, 7); // the tabby alone
    expect(values.at(-1)).toBeCloseTo(1, 5);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]! - 1e-7);
    // "domestic cat" is the five classes 281–285
    const cats = [281, 282, 283, 284, 285].reduce((sum, c) => sum + probabilities.dataSync()[c]!, 0);
    expect(values[1]).toBeCloseTo(cats, 6);
    tf.dispose([probabilities, sums]);
  });
});

describe("rankCategories", () => {
  it("puts the largest first and breaks ties by list order", () => {
    const sums = new Float32Array(hierarchy.categories.length);
    sums[3] = 0.5;
    sums[1] = 0.5;
    sums[0] = 0.2;
    const ranked = rankCategories(sums, hierarchy);
    expect(ranked.slice(0, 3).map((c) => c.index)).toEqual([1, 3, 0]);
  });
});
