import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {countParameters} from "../../components/pipeline/parameters.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

describe("countParameters", () => {
  it("adds up the sizes of the float weight tensors and names the biggest", () => {
    const weights = [
      {name: "conv/kernel", tensor: tf.zeros([3, 3, 3, 8])},
      {name: "conv/bias", tensor: tf.zeros([8])},
      {name: "logits/kernel", tensor: tf.zeros([1, 1, 8, 1000])}
    ];
    try {
      const count = countParameters(weights);
      expect(count.parameters).toBe(3 * 3 * 3 * 8 + 8 + 8 * 1000);
      expect(count.tensors).toBe(3);
      expect(count.bytes).toBe(count.parameters * 4);
      expect(count.largest).toEqual({name: "logits/kernel", shape: [1, 1, 8, 1000], size: 8000});
    } finally {
      tf.dispose(weights.map((w) => w.tensor));
    }
  });

  it("leaves out integer constants, which are settings rather than learned numbers", () => {
    const weights = [
      {name: "pool/reduction_indices", tensor: tf.tensor1d([1, 2], "int32")},
      {name: "dense/kernel", tensor: tf.ones([4, 5])}
    ];
    try {
      expect(countParameters(weights)).toMatchObject({parameters: 20, tensors: 1, bytes: 80});
    } finally {
      tf.dispose(weights.map((w) => w.tensor));
    }
  });

  it("counts nothing for no weights", () => {
    expect(countParameters([])).toEqual({parameters: 0, tensors: 0, bytes: 0, largest: null});
  });

  it("reads shapes only: makes no tensors and frees none", () => {
    const kernel = tf.zeros([2, 2]);
    const before = tf.memory().numTensors;
    countParameters([{name: "k", tensor: kernel}]);
    expect(tf.memory().numTensors).toBe(before);
    expect(kernel.isDisposed).toBe(false);
    kernel.dispose();
  });
});
