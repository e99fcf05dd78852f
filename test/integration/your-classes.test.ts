// The "Your own classes" page's pipeline with the real MobileNet v1 0.25: the ready-made set from the gallery photos,
// a new last layer trained on its embeddings, judged on the examples held out, then shown a photo of neither class.
import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {getClassifier} from "../../components/node/runtime.js";
import {READY_MADE_CLASSES, readyMadeExamples} from "../../components/pipeline/augment.js";
import {splitExamples, type ExampleSet} from "../../components/pipeline/example-set.js";
import {
  createHead,
  EMBEDDING_SIZE,
  evaluateHead,
  headLogits,
  labelledSet,
  trainHead,
  type Head
} from "../../components/pipeline/head.js";
import type {Classifier} from "../../components/pipeline/models.js";
import {decodePhoto, photoPath, startBackend} from "../helpers/tf.js";

describe("a new last layer on MobileNet v1 0.25's embedding", () => {
  let model: Classifier;
  let examples: ExampleSet;
  let head: Head;
  let tensorsBefore = 0;

  beforeAll(async () => {
    await startBackend();
    model = await getClassifier("v1-0.25");
    tensorsBefore = tf.memory().numTensors;
    examples = {classes: READY_MADE_CLASSES.map(({name}) => ({id: name, name, examples: []}))};
    for await (const {label, photo, picture, embedding} of readyMadeExamples(model, (name) =>
      decodePhoto(photoPath(name))
    )) {
      picture.dispose();
      examples.classes[label]!.examples.push({
        id: String(Math.random()),
        embedding,
        thumbnail: new Blob(),
        source: photo
      });
    }
  });

  afterAll(() => {
    head?.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it("makes 20 examples of each ready-made class, each a 256-number embedding", () => {
    expect(examples.classes.map((c) => [c.name, c.examples.length])).toEqual([
      ["cat", 20],
      ["bird", 20]
    ]);
    for (const c of examples.classes) for (const e of c.examples) expect(e.embedding).toHaveLength(EMBEDDING_SIZE);
  });

  it("learns cat from bird: the loss falls and ≥ 90% of the held-out examples come out right", async () => {
    const split = splitExamples(examples);
    expect(split.heldOut).toHaveLength(8);
    const train = labelledSet(split.train, 2);
    const heldOut = labelledSet(split.heldOut, 2);
    head = createHead(split.classNames);
    const report = await trainHead(head, train, {heldOut});
    const judged = await evaluateHead(head, heldOut);
    train.dispose();
    heldOut.dispose();
    expect(report.epochs.at(-1)!.loss).toBeLessThan(report.epochs[0]!.loss / 4);
    expect(judged.correct / judged.total).toBeGreaterThanOrEqual(0.9);
  });

  it("still gives a photo of neither class two probabilities that add up to 1", async () => {
    const pixels = await decodePhoto(photoPath("hot_dog.jpg"));
    const [logits, probabilities] = tf.tidy(() => {
      const scores = headLogits(head, model.infer(pixels, true));
      return [scores, tf.softmax(scores)];
    });
    expect(logits.shape).toEqual([1, 2]);
    const values = Array.from(await probabilities.data());
    expect(values.every((p) => p > 0 && p < 1)).toBe(true);
    expect(values[0]! + values[1]!).toBeCloseTo(1, 6);
    tf.dispose([pixels, logits, probabilities]);
  });
});
