import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  aboutMbText,
  bitsText,
  bytesText,
  countText,
  shapeText,
  differenceText,
  entropyText,
  factorText,
  float32Text,
  formatTensor,
  inputValueText,
  logitChangeText,
  logitColumnText,
  logitText,
  mbText,
  mibText,
  millionsText,
  msText,
  percentText,
  pointsText,
  powerOfTenText,
  probabilityText,
  probabilityTickText,
  rateText,
  ratioText,
  secondsText,
  shareText,
  signedText,
  temperatureText
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

describe("powerOfTenText", () => {
  it("typesets the exponent: no e-notation", () => {
    expect(powerOfTenText(2.7e-10)).toBe("2.7 × 10⁻¹⁰");
    expect(powerOfTenText(2.688e43, 2)).toBe("2.69 × 10⁴³");
    expect(powerOfTenText(-6e-8)).toBe("−6.0 × 10⁻⁸");
    expect(powerOfTenText(0)).toBe("0");
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
    // The same digits side by side: 4.0% beside 4.8%, not 4% beside 4.8%.
    expect(probabilityText(0.04)).toBe("4.0%");
    expect(probabilityText(0.0996)).toBe("10.0%");
    expect(probabilityText(2.7e-12)).toBe("2.7 × 10⁻¹⁰%");
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

describe("logitColumnText", () => {
  it("gives three decimals and an ASCII minus, for the terminal", () => {
    expect(logitColumnText(14.10061)).toBe("14.101");
    expect(logitColumnText(-3.6686)).toBe("-3.669");
  });
});

describe("probabilityTickText", () => {
  it("labels a linear axis in percent, to a tenth", () => {
    expect(probabilityTickText(0.5, "linear")).toBe("50%");
    expect(probabilityTickText(0.125, "linear")).toBe("12.5%");
    expect(probabilityTickText(0, "linear")).toBe("0%");
  });

  it("labels a log axis's powers of ten with one digit, and the tiny ones as typeset powers of ten", () => {
    expect(probabilityTickText(1, "log")).toBe("100%");
    expect(probabilityTickText(0.001, "log")).toBe("0.1%");
    expect(probabilityTickText(1e-4, "log")).toBe("0.01%");
    expect(probabilityTickText(1e-8, "log")).toBe("10⁻⁶%");
  });
});

describe("differenceText and entropyText", () => {
  it("say identical for no difference, and give one in percentage points, a tiny one as a typeset power of ten", () => {
    expect(differenceText(0)).toBe("0 (identical)");
    expect(differenceText(0.4631)).toBe("46.31 percentage points");
    expect(differenceText(3.576278686523437e-8)).toBe("3.6 × 10⁻⁶ percentage points");
  });

  it("give bits three decimals", () => {
    expect(entropyText(Math.log2(1000))).toBe("9.966");
  });
});

describe("inputValueText and temperatureText", () => {
  it("give four decimals for the model's input values", () => {
    expect(inputValueText(0.5058823)).toBe("0.5059");
    expect(inputValueText(-1)).toBe("-1.0000");
  });

  it("give a temperature two decimals below 10 and one from 10", () => {
    expect(temperatureText(1)).toBe("1.00");
    expect(temperatureText(0.1)).toBe("0.10");
    expect(temperatureText(10)).toBe("10.0");
  });
});

describe("shapeText", () => {
  it("writes a shape as the lesson does, comma and space between sizes", () => {
    expect(shapeText([1, 112, 112, 8])).toBe("[1, 112, 112, 8]");
    expect(shapeText([])).toBe("[]");
  });
});

describe("countText, millionsText, signedText and factorText", () => {
  it("write counts with separators and in millions", () => {
    expect(countText(2601976)).toBe("2,601,976");
    expect(millionsText(468835)).toBe("0.47 million");
  });

  it("write a sign and a real minus, as short as the number or with fixed decimals", () => {
    expect(signedText(100)).toBe("+100");
    expect(signedText(-0.35)).toBe("−0.35");
    expect(signedText(0)).toBe("0");
    expect(signedText(1.46, 1)).toBe("+1.5");
    expect(signedText(-0.5, 1)).toBe("−0.5");
    expect(signedText(0.04, 1)).toBe("0.0");
    expect(signedText(-0.04, 1)).toBe("0.0");
  });

  it("write a factor with two decimals", () => {
    expect(factorText(1.5)).toBe("×1.50");
  });
});

describe("sizes and times", () => {
  it("write model sizes in decimal megabytes, and a quoted size as a quote", () => {
    expect(mbText(1_875_348 + 30_000)).toBe("1.91 MB");
    expect(mbText(10_407_904)).toBe("10.4 MB");
    expect(aboutMbText(18e6)).toBe("about 18 MB");
  });

  it("write a download's progress in B, kB or MB, and a file against a limit in MiB", () => {
    expect(bytesText(512)).toBe("512 B");
    expect(bytesText(60_500)).toBe("60.5 kB");
    expect(bytesText(1_875_348)).toBe("1.9 MB");
    expect(mibText(512 * 2 ** 20)).toBe("512 MiB");
  });

  it("write milliseconds and seconds", () => {
    expect(msText(3.24)).toBe("3.2 ms");
    expect(msText(41.4)).toBe("41 ms");
    expect(secondsText(2812)).toBe("2.8 s");
  });
});

describe("shares and ratios", () => {
  it("write a fraction as a percentage, whole or with decimals", () => {
    expect(percentText(0.456)).toBe("46%");
    expect(percentText(0.456, 1)).toBe("45.6%");
    expect(percentText(1.32)).toBe("132%");
  });

  it("write a share that may be tiny", () => {
    expect(shareText(0.5)).toBe("50.0%");
    expect(shareText(0.0004)).toBe("<0.1%");
  });

  it("write a change in probability as signed points", () => {
    expect(pointsText(0.123)).toBe("+12.3");
    expect(pointsText(-0.004)).toBe("−0.4");
    expect(pointsText(0.0001)).toBe("0.0");
  });

  it("write hits of a count, and how many times one number is another", () => {
    expect(rateText({hits: 5, counted: 6})).toBe("5 of 6 (83%)");
    expect(rateText({hits: 0, counted: 0})).toBe("no photos counted");
    expect(ratioText(5.43)).toBe("5.4×");
    expect(ratioText(18.2)).toBe("18×");
  });
});
