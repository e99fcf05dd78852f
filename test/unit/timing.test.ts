import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {median, nextTurn, timeEach, timeInference} from "../../components/pipeline/timing.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

/** A stand-in model whose logits are the sum of the pixels, and which counts its calls. */
function fakeModel() {
  const model = {
    calls: 0,
    infer(pixels: tf.Tensor3D | tf.Tensor4D) {
      model.calls++;
      return tf.tidy(() => tf.reshape(tf.sum(pixels), [1, 1]) as tf.Tensor2D);
    }
  };
  return model;
}

describe("median", () => {
  it("is the middle value, or the mean of the middle two", () => {
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, 1000, 2])).toBe(2); // one slow run barely moves it
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it("refuses an empty list", () => {
    expect(() => median([])).toThrow(/at least one/);
  });
});

describe("timeInference", () => {
  it("runs the warm-up untimed, then times each run on the given clock", async () => {
    const model = fakeModel();
    const pixels = tf.zeros([4, 4, 3], "int32") as tf.Tensor3D;
    const readings = [100, 105, 105, 112, 112, 118]; // start and end of each timed run: 5, 7 and 6 ms
    const now = () => readings.shift()!;
    try {
      const fractions: number[] = [];
      const timing = await timeInference(model, pixels, {
        runs: 3,
        warmUp: 2,
        now,
        onRun: (f) => void fractions.push(f)
      });
      expect(model.calls).toBe(5);
      expect(timing.times).toEqual([5, 7, 6]);
      expect(timing.median).toBe(6);
      expect(readings).toEqual([]); // the warm-up runs never read the clock
      expect(fractions).toEqual([1 / 3, 2 / 3, 1]);
    } finally {
      pixels.dispose();
    }
  });

  it("measures real time with performance.now and frees every tensor", async () => {
    const model = fakeModel();
    const pixels = tf.ones([8, 8, 3], "int32") as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const timing = await timeInference(model, pixels, {runs: 4, warmUp: 1});
    expect(tf.memory().numTensors).toBe(before);
    expect(timing.times.every((t) => t >= 0 && Number.isFinite(t))).toBe(true);
    pixels.dispose();
  });

  it("frees the logits even when reading them fails", async () => {
    const broken = {
      infer: () => {
        const logits = tf.zeros([1, 2]) as tf.Tensor2D;
        logits.data = () => Promise.reject(new Error("lost"));
        return logits;
      }
    };
    const pixels = tf.zeros([2, 2, 3]) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    await expect(timeInference(broken, pixels, {runs: 1, warmUp: 0})).rejects.toThrow("lost");
    expect(tf.memory().numTensors).toBe(before);
    pixels.dispose();
  });

  it("stops between runs when its signal is aborted", async () => {
    const model = fakeModel();
    const pixels = tf.zeros([2, 2, 3]) as tf.Tensor3D;
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const timing = timeInference(model, pixels, {
      runs: 10,
      warmUp: 0,
      signal: controller.signal,
      onRun: (f) => void (f >= 0.3 && controller.abort())
    });
    await expect(timing).rejects.toThrow(expect.objectContaining({name: "AbortError"}));
    expect(model.calls).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    pixels.dispose();
  });

  it("needs at least one run", async () => {
    await expect(timeInference(fakeModel(), tf.zeros([1, 1, 3]) as tf.Tensor3D, {runs: 0})).rejects.toThrow(
      /at least one run/
    );
  });
});

describe("timeEach", () => {
  it("times each classifier in turn, reporting the fraction of all their runs done", async () => {
    const [first, second] = [fakeModel(), fakeModel()];
    const pixels = tf.zeros([2, 2, 3], "int32") as tf.Tensor3D;
    const readings = [0, 4, 10, 12, 20, 29, 30, 40]; // 4 and 2 ms for the first, 9 and 10 for the second
    try {
      const fractions: number[] = [];
      const timings = await timeEach([first, second], pixels, {
        runs: 2,
        warmUp: 1,
        now: () => readings.shift()!,
        onRun: (f) => void fractions.push(f)
      });
      expect(timings.map((t) => t.times)).toEqual([
        [4, 2],
        [9, 10]
      ]);
      expect([first.calls, second.calls]).toEqual([3, 3]);
      expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
    } finally {
      pixels.dispose();
    }
  });
});

describe("nextTurn", () => {
  it("resolves after the tasks already queued", async () => {
    const order: string[] = [];
    setTimeout(() => order.push("queued"), 0);
    await nextTurn();
    order.push("after");
    expect(order).toEqual(["queued", "after"]);
  });
});
