// Probabilities added up by category: ImageNet's classes are WordNet synsets, and WordNet says what each is a kind of
// (a tabby is a domestic cat, a cat, a feline, a carnivore, a mammal…). data/imagenet-hierarchy.json holds that tree,
// derived at build time (components/node/imagenet-hierarchy.ts); these functions only read it.
import * as tf from "@tensorflow/tfjs-core";
import {CLASS_COUNT} from "./classes.js";

/** The shape of data/imagenet-hierarchy.json. */
export interface ImagenetHierarchy {
  about: string;
  wordnet: string;
  /** The 1000 classes in class order, then every synset above them. `parents` are indices into this list. */
  synsets: {wnid: string; name: string; parents: number[]}[];
  /** Everyday groups of classes; the last is "other things". `synsets`: the WordNet synsets each one gathers. */
  categories: {name: string; synsets: number[]}[];
  /** Each class's category: an index into `categories`. */
  categoryOfClass: number[];
}

/**
 * The class and the synsets above it, following each synset's first parent (WordNet lists the main one first):
 * tabby → domestic cat → cat → feline → carnivore → … → entity. Indices into `synsets`.
 */
export function ancestorChain(hierarchy: ImagenetHierarchy, classId: number): number[] {
  checkClass(classId);
  const chain = [classId];
  for (let parent = hierarchy.synsets[classId]!.parents[0]; parent !== undefined;) {
    chain.push(parent);
    parent = hierarchy.synsets[parent]!.parents[0];
  }
  return chain;
}

/** The class ids under a synset by any path (a dog is a canine and a domestic animal), in class order. */
export function classesUnder(hierarchy: ImagenetHierarchy, synset: number): number[] {
  const isUnder = new Map<number, boolean>([[synset, true]]);
  const under = (index: number): boolean => {
    let known = isUnder.get(index);
    if (known === undefined) {
      known = hierarchy.synsets[index]!.parents.some(under);
      isUnder.set(index, known);
    }
    return known;
  };
  return Array.from({length: CLASS_COUNT}, (_, classId) => classId).filter(under);
}

/**
 * The probability of each category: the sum of its classes' probabilities. A table of 0s and 1s says which category
 * each class belongs to (tf.oneHot, [1000, categories]); multiplying the probabilities by it (tf.matMul) adds up each
 * category's classes. Each class adds to exactly one category, so the sums add up to the same total as the classes.
 * `probabilities`: [1000] or [1, 1000]; returns [categories]. The caller disposes the result.
 */
export function categorySums(probabilities: tf.Tensor, hierarchy: ImagenetHierarchy): tf.Tensor1D {
  return tf.tidy(() => {
    const membership = tf.oneHot(tf.tensor1d(hierarchy.categoryOfClass, "int32"), hierarchy.categories.length);
    return tf.reshape(tf.matMul(tf.reshape(probabilities, [1, -1]), tf.cast(membership, "float32")), [-1]);
  });
}

/** The probability of each synset in `synsets`: the sum over every class under it. Returns [synsets.length]. */
export function synsetSums(probabilities: tf.Tensor, hierarchy: ImagenetHierarchy, synsets: readonly number[]) {
  return tf.tidy(() => {
    const flat = tf.reshape(probabilities, [-1]);
    return tf.stack(
      synsets.map((synset) => tf.sum(tf.gather(flat, tf.tensor1d(classesUnder(hierarchy, synset), "int32"))))
    ) as tf.Tensor1D;
  });
}

/** One category with its share of the probability, for a view. */
export interface CategoryShare {
  index: number;
  name: string;
  probability: number;
  /** How many of the 1000 classes it gathers. */
  classCount: number;
}

/** Plain-number categories, largest first (ties: list order), from the values of categorySums. */
export function rankCategories(sums: ArrayLike<number>, hierarchy: ImagenetHierarchy): CategoryShare[] {
  const counts = new Array<number>(hierarchy.categories.length).fill(0);
  for (const category of hierarchy.categoryOfClass) counts[category]!++;
  return hierarchy.categories
    .map(({name}, index) => ({index, name, probability: sums[index]!, classCount: counts[index]!}))
    .sort((a, b) => b.probability - a.probability || a.index - b.index);
}

/** Classes in a category, in class order. */
export function classesInCategory(hierarchy: ImagenetHierarchy, category: number): number[] {
  return hierarchy.categoryOfClass.flatMap((c, classId) => (c === category ? [classId] : []));
}

function checkClass(classId: number): void {
  if (!Number.isInteger(classId) || classId < 0 || classId >= CLASS_COUNT) {
    throw new RangeError(`There is no ImageNet class ${classId}: ids run from 0 to ${CLASS_COUNT - 1}.`);
  }
}
