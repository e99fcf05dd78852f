import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  bitsText,
  float32Text,
  formatTensor,
  logitChangeText,
  logitText,
  probabilityText
} from "../../components/pipeline/format.js";
import {capturePrint, seededRandom, startBackend} from "../helpers/tf.js";

/** How tfjs writes one float in print(): 7 decimals, trailing zeros dropped. */
function printedNumber(value: number): string {
  return parseFloat(value.toFixed(7)).toString();
}

function randomValues(count: number, seed: number, scale = 1, offset = 0): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({length: count}, () => random() * scale + offset);
}

describe("formatTensor", () => {
  let tensorsBefore = 0;
  beforeAll(async () => {
    await startBackend();
    tensorsBefore = tf.memory().numTensors;
  });
  afterAll(() => expect(tf.memory().numTensors).toBe(tensorsBefore));

  const cases: [string, () => tf.Tensor][] = [
    ["a scalar", () => tf.scalar(3.25)],
    ["a [3] vector", () => tf.tensor1d([1, -2.5, 1 / 3])],
    [
      "a [2,3] matrix",
      () =>
        tf.tensor2d([
          [1, 22, 333],
          [-4.5, 0.000001, 6e-9]
        ])
    ],
    [
      "a [2,3,4] int32 tensor",
      () =>
        tf.tensor3d(
          Int32Array.from({length: 24}, (_, i) => i * 37 - 400),
          [2, 3, 4],
          "int32"
        )
    ],
    [
      "a bool tensor",
      () =>
        tf.tensor2d(
          [
            [true, false, true],
            [false, false, true]
          ],
          [2, 3],
          "bool"
        )
    ],
    ["a bool scalar", () => tf.scalar(true, "bool")],
    ["[1,1000] random logits", () => tf.tensor2d(randomValues(1000, 1, 20, -10), [1, 1000])],
    [
      "softmax of [1,1000] random logits",
      () => tf.tidy(() => tf.softmax(tf.tensor2d(randomValues(1000, 1, 20, -10), [1, 1000])))
    ],
    ["[1,2000]", () => tf.tensor2d(randomValues(2000, 2, 2, -1), [1, 2000])],
    ["a [7,7] float matrix", () => tf.tensor2d(randomValues(49, 3, 100, -50), [7, 7])],
    ["a [30,30] matrix (rows elided too)", () => tf.tensor2d(randomValues(900, 4), [30, 30])],
    ["a [25] vector", () => tf.tensor1d(randomValues(25, 5))],
    ["a [1,224,224,3] image batch", () => tf.tensor4d(randomValues(224 * 224 * 3, 6, 2, -1), [1, 224, 224, 3])]
  ];

  for (const [name, make] of cases) {
    it(`writes exactly what print() writes for ${name}`, () => {
      const t = make();
      try {
        expect(formatTensor(t)).toBe(capturePrint(t));
        expect(formatTensor(t, true)).toBe(capturePrint(t, true));
      } finally {
        t.dispose();
      }
    });
  }

  it("elides long axes with ... and keeps the first and last three numbers", () => {
    const logits = tf.tensor2d(randomValues(1000, 7, 20, -10), [1, 1000]);
    const probabilities = tf.softmax(logits);
    try {
      for (const t of [logits, probabilities]) {
        const text = formatTensor(t);
        const values = t.dataSync();
        const first = Array.from(values.slice(0, 3), printedNumber).join(", ");
        const last = Array.from(values.slice(-3), printedNumber).join(", ");
        expect(text).toContain("...");
        expect(text).toContain(`[[${first}, ..., ${last}]`);
        // Only six numbers are shown, not a thousand.
        expect(text.match(/-?\d+(\.\d+)?(e-?\d+)?/g)).toHaveLength(6);
      }
    } finally {
      logits.dispose();
      probabilities.dispose();
    }
  });

  it("starts with the word Tensor and, when verbose, states dtype, rank and shape", () => {
    const t = tf.tensor3d(
      Int32Array.from({length: 24}, (_, i) => i),
      [2, 3, 4],
      "int32"
    );
    try {
      expect(formatTensor(t).startsWith("Tensor\n")).toBe(true);
      const verbose = formatTensor(t, true);
      expect(verbose).toContain("  dtype: int32");
      expect(verbose).toContain("  rank: 3");
      expect(verbose).toContain("  shape: [2,3,4]");
      expect(verbose).toContain("  values:");
    } finally {
      t.dispose();
    }
  });
});

describe("float32Text", () => {
  it("writes the shortest decimal that is the same float32", () => {
    expect(float32Text(Math.fround(0.1))).toBe("0.1");
    expect(float32Text(Math.fround(14.100605964660645))).toBe("14.100606");
    expect(float32Text(Math.fround(0.9999993443489075))).toBe("0.99999934");
    expect(float32Text(1)).toBe("1");
    expect(float32Text(-2.5)).toBe("-2.5");
    expect(float32Text(Infinity)).toBe("Infinity");
  });

  it("reads back as the same float32 for many values", () => {
    for (const x of [1e-10, 3.3e-7, 0.123456789, 123456.789, -7.77]) {
      expect(Math.fround(Number(float32Text(x)))).toBe(Math.fround(x));
    }
  });
});

describe("logitText and probabilityText", () => {
  it("give two decimals and a real minus sign for logits", () => {
    expect(logitText(14.1006)).toBe("14.10");
    expect(logitText(-3.6686)).toBe("−3.67");
  });

  it("give percentages with the digits that tell small ones apart", () => {
    expect(probabilityText(0.5369)).toBe("53.7%");
    expect(probabilityText(0.0044)).toBe("0.44%");
    expect(probabilityText(0.000035)).toBe("0.0035%");
    expect(probabilityText(2.7e-12)).toBe("2.7e-10%");
    expect(probabilityText(0)).toBe("0%");
  });

  it("never rounds a probability under 1 up to 100 %", () => {
    expect(probabilityText(0.998)).toBe("99.8%");
    expect(probabilityText(0.99962)).toBe("99.96%");
    expect(probabilityText(0.9999993)).toBe("99.9999%");
    expect(probabilityText(1)).toBe("100.0%");
  });
});

describe("logitChangeText and bitsText", () => {
  it("signs a logit change, with no sign on a change that rounds to nothing", () => {
    expect([0.42, -1.3, 0, -0.001, 0.004].map(logitChangeText)).toEqual(["+0.42", "−1.30", "0.00", "0.00", "0.00"]);
  });

  it("writes bits with two decimals from 1 up, two significant digits below, and float noise as 0.0000", () => {
    expect([9.966, 2.4449, 0.5, 0.0312, 0.00012].map(bitsText)).toEqual([
      "9.97 bits",
      "2.44 bits",
      "0.50 bits",
      "0.031 bits",
      "0.00012 bits"
    ]);
    expect(bitsText(-0.00001)).toBe("0.0000 bits");
    expect(bitsText(0)).toBe("0.0000 bits");
  });
});
