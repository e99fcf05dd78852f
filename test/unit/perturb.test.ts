import * as tf from "@tensorflow/tfjs";
import {afterEach, beforeAll, beforeEach, describe, expect, it} from "vitest";
import {
  GREY,
  NEUTRAL_PERTURBATION,
  addNoise,
  brighten,
  limitSize,
  perturb,
  seededNormals,
  rotate,
  scaleContrast,
  zoomIn
} from "../../components/pipeline/perturb.js";
import {seededRandom, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

/** Pixels [h, w, 3] int32 with values in [low, high]. */
function randomImage(height: number, width: number, seed: number, low = 0, high = 255): tf.Tensor3D {
  const random = seededRandom(seed);
  const values = Int32Array.from({length: height * width * 3}, () => low + Math.floor(random() * (high - low + 1)));
  return tf.tensor3d(values, [height, width, 3], "int32");
}

const values = (t: tf.Tensor) => Array.from(t.dataSync());
/** The values of part of a tensor, without keeping the slice. */
function sliceValues(t: tf.Tensor3D, begin: [number, number, number], size: [number, number, number]): number[] {
  const part = tf.slice(t, begin, size);
  const result = values(part);
  part.dispose();
  return result;
}
const mean = (t: tf.Tensor) => values(t).reduce((a, b) => a + b, 0) / t.size;

let image: tf.Tensor3D;
let tensorsBefore: number;

beforeEach(() => {
  image = randomImage(12, 10, 7);
  tensorsBefore = tf.memory().numTensors;
});

afterEach(() => {
  image.dispose();
});

/** Runs an edit, checks it returns one new int32 image of valid values, and frees it. */
function check(edit: () => tf.Tensor3D, assert: (result: tf.Tensor3D) => void = () => {}) {
  const result = edit();
  try {
    expect(result).not.toBe(image);
    expect(result.dtype).toBe("int32");
    expect(result.shape).toEqual(image.shape);
    expect(tf.memory().numTensors).toBe(tensorsBefore + 1); // only the result: nothing leaked
    const all = values(result);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...all)).toBeLessThanOrEqual(255);
    assert(result);
  } finally {
    result.dispose();
  }
  expect(image.isDisposed).toBe(false);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
}

describe("every edit at its neutral setting gives back the same image", () => {
  const same = (result: tf.Tensor3D) => expect(values(result)).toEqual(values(image));
  it("perturb with no settings, and with the neutral settings", () => {
    check(() => perturb(image), same);
    check(() => perturb(image, NEUTRAL_PERTURBATION), same);
  });
  it("each edit alone", () => {
    check(() => brighten(image, 0), same);
    check(() => scaleContrast(image, 1), same);
    check(() => rotate(image, 0), same);
    check(() => rotate(image, 360), same);
    check(() => zoomIn(image, 1), same);
    check(() => addNoise(image, 0, 5), same);
  });
  it("also from a float32 image", () => {
    const floats = tf.cast(image, "float32") as tf.Tensor3D;
    const result = perturb(floats);
    expect(result.dtype).toBe("int32");
    expect(values(result)).toEqual(values(image));
    tf.dispose([floats, result]);
  });
});

describe("brighten", () => {
  it("shifts the mean by the amount when nothing clips", () => {
    const mid = randomImage(8, 8, 3, 60, 190);
    const before = mean(mid);
    for (const amount of [-50, 25, 60]) {
      const result = brighten(mid, amount);
      expect(mean(result)).toBeCloseTo(before + amount, 6);
      result.dispose();
    }
    mid.dispose();
  });
  it("clips at 0 and 255", () => {
    check(
      () => brighten(image, 300),
      (r) => expect(new Set(values(r))).toEqual(new Set([255]))
    );
    check(
      () => brighten(image, -300),
      (r) => expect(new Set(values(r))).toEqual(new Set([0]))
    );
    check(
      () => perturb(image, {brightness: 40}),
      (r) => expect(mean(r)).toBeGreaterThan(mean(image))
    );
  });
});

describe("scaleContrast", () => {
  it("at 0 flattens the image to its mean value", () => {
    check(
      () => scaleContrast(image, 0),
      (r) => expect(new Set(values(r))).toEqual(new Set([Math.round(mean(image))]))
    );
  });
  it("above 1 spreads values away from the mean, below 1 draws them in, keeping the mean", () => {
    const mid = randomImage(8, 8, 4, 100, 160);
    const spread = (t: tf.Tensor) => Math.max(...values(t)) - Math.min(...values(t));
    const higher = scaleContrast(mid, 2);
    const lower = scaleContrast(mid, 0.5);
    expect(spread(higher)).toBeGreaterThan(spread(mid));
    expect(spread(lower)).toBeLessThan(spread(mid));
    expect(Math.abs(mean(higher) - mean(mid))).toBeLessThan(0.6);
    tf.dispose([mid, higher, lower]);
  });
});

describe("rotate", () => {
  it("a half turn mirrors the image both ways, for even and odd sizes", () => {
    for (const [h, w] of [
      [12, 10],
      [7, 9]
    ] as const) {
      const source = randomImage(h, w, h * w);
      const turned = rotate(source, 180);
      const expected = tf.reverse(source, [0, 1]);
      expect(values(turned)).toEqual(values(expected));
      tf.dispose([source, turned, expected]);
    }
  });
  it("fills the corners that turn in from outside with grey", () => {
    const white = tf.fill([20, 20, 3], 255, "int32") as tf.Tensor3D;
    const turned = rotate(white, 45);
    const corner = sliceValues(turned, [0, 0, 0], [1, 1, 3]);
    const middle = sliceValues(turned, [10, 10, 0], [1, 1, 3]);
    expect(corner).toEqual([GREY, GREY, GREY]);
    expect(middle).toEqual([255, 255, 255]);
    tf.dispose([white, turned]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
  it("returns a clean int32 image", () => check(() => rotate(image, 30)));
});

describe("zoomIn", () => {
  // Each pixel's value is 10 × its column, so the zoomed window's columns can be read off the values.
  const ramp = () =>
    tf.tidy(() => tf.tile(tf.reshape(tf.mul(tf.range(0, 9, 1, "int32"), 10), [1, 9, 1]), [5, 1, 3]) as tf.Tensor3D);

  it("at 2× shows the middle half of the image, scaled up", () => {
    const source = ramp();
    const zoomed = zoomIn(source, 2);
    const firstRow = sliceValues(zoomed, [0, 0, 0], [1, 9, 1]);
    expect(firstRow).toEqual([20, 25, 30, 35, 40, 45, 50, 55, 60]);
    tf.dispose([source, zoomed]);
  });
  it("pans the window to the edges", () => {
    const source = ramp();
    const left = zoomIn(source, 2, -1, 0);
    const right = zoomIn(source, 2, 1, 0);
    expect(sliceValues(left, [2, 0, 0], [1, 9, 1])).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40]);
    expect(sliceValues(right, [2, 0, 0], [1, 9, 1])).toEqual([40, 45, 50, 55, 60, 65, 70, 75, 80]);
    tf.dispose([source, left, right]);
  });
  it("refuses a zoom below 1, with a message that says what works", () => {
    expect(() => zoomIn(image, 0.5)).toThrow(/1 or more/);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
  it("returns a clean int32 image", () => check(() => zoomIn(image, 3, 0.5, -0.2)));
});

describe("addNoise", () => {
  it("gives the same image for the same seed and a different one for another seed", () => {
    const a = addNoise(image, 20, 42);
    const b = addNoise(image, 20, 42);
    const c = addNoise(image, 20, 43);
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));
    tf.dispose([a, b, c]);
  });
  it("adds noise of about the asked-for spread around the same mean", () => {
    const grey = tf.fill([64, 64, 3], GREY, "int32") as tf.Tensor3D;
    const noisy = addNoise(grey, 20, 1);
    const all = values(noisy);
    const average = all.reduce((a, b) => a + b, 0) / all.length;
    const deviation = Math.sqrt(all.reduce((sum, v) => sum + (v - average) ** 2, 0) / all.length);
    expect(Math.abs(average - GREY)).toBeLessThan(1.5);
    expect(deviation).toBeGreaterThan(18);
    expect(deviation).toBeLessThan(22);
    tf.dispose([grey, noisy]);
  });
  it("returns a clean int32 image, clipped", () => check(() => addNoise(image, 200, 3)));
});

describe("perturb", () => {
  it("combines every edit without leaking", () => {
    check(() =>
      perturb(image, {
        brightness: 20,
        contrast: 1.4,
        rotation: 15,
        zoom: 1.5,
        panX: 0.3,
        panY: -0.5,
        noise: 10,
        seed: 9
      })
    );
  });
  it("is reproducible: the same settings give the same image", () => {
    const settings = {rotation: -20, noise: 15, seed: 4};
    const a = perturb(image, settings);
    const b = perturb(image, settings);
    expect(values(a)).toEqual(values(b));
    tf.dispose([a, b]);
  });
});

describe("limitSize", () => {
  it("leaves a small photo alone and shrinks a big one to fit, keeping its shape", () => {
    check(
      () => limitSize(image, 64),
      (r) => expect(values(r)).toEqual(values(image))
    );
    const big = randomImage(300, 200, 5);
    const small = limitSize(big, 150);
    expect(small.shape).toEqual([150, 100, 3]);
    expect(small.dtype).toBe("int32");
    tf.dispose([big, small]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe("seededNormals", () => {
  it("is reproducible, and standard normal: mean ≈ 0, standard deviation ≈ 1", () => {
    const a = seededNormals(20_001, 12);
    expect(Array.from(seededNormals(20_001, 12))).toEqual(Array.from(a));
    expect(Array.from(seededNormals(10, 13))).not.toEqual(Array.from(a.slice(0, 10)));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(a.every(Number.isFinite)).toBe(true);
  });
});
