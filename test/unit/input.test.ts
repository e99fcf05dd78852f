import * as tf from "@tensorflow/tfjs";
import * as mobilenet from "@tensorflow-models/mobilenet";
import {beforeAll, describe, expect, it} from "vitest";
import {
  IMAGE_SIZE,
  normalizePixel,
  toModelInput,
  toModelView,
  type InputRange
} from "../../components/pipeline/input.js";
import {maxAbsDiff, seededRandom, startBackend} from "../helpers/tf.js";

const RANGES: InputRange[] = [
  [0, 1],
  [-1, 1]
];

function randomImage(shape: number[], seed: number): tf.Tensor {
  const random = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Int32Array.from({length: size}, () => Math.floor(random() * 256)),
    shape,
    "int32"
  );
}

/** A graph model that only passes its input through: enough for the package to load and warm up. */
const PASS_THROUGH: tf.io.ModelArtifacts = {
  modelTopology: {
    node: [
      {
        name: "images",
        op: "Placeholder",
        attr: {
          dtype: {type: "DT_FLOAT"},
          shape: {shape: {dim: [{size: "-1"}, {size: "224"}, {size: "224"}, {size: "3"}]}}
        }
      },
      {name: "output", op: "Identity", input: ["images"], attr: {T: {type: "DT_FLOAT"}}}
    ],
    versions: {producer: 1}
  },
  weightSpecs: [],
  weightData: new ArrayBuffer(0)
};

/**
 * The batch @tensorflow-models/mobilenet's own infer() hands to its model: the package is loaded, then its model is
 * swapped for one that records its input, so the package's preprocessing code runs unchanged.
 */
async function packagePreprocessing(range: InputRange): Promise<(image: tf.Tensor3D) => tf.Tensor4D> {
  const net = await mobilenet.load({
    version: 1,
    alpha: 0.25,
    modelUrl: tf.io.fromMemory(PASS_THROUGH),
    inputRange: [...range]
  });
  let seen: tf.Tensor4D | undefined;
  const recorder = {
    predict(batch: tf.Tensor4D): tf.Tensor {
      seen = tf.keep(batch.clone());
      return tf.zeros([batch.shape[0], 1001]);
    }
  };
  const internals = net as unknown as {model: {dispose(): void}};
  internals.model.dispose();
  internals.model = recorder as unknown as typeof internals.model;
  return (image) => {
    tf.dispose(net.infer(image));
    if (!seen) throw new Error("The package's infer() did not call its model.");
    const batch = seen;
    seen = undefined;
    return batch;
  };
}

beforeAll(async () => {
  await startBackend();
});

describe("normalizePixel", () => {
  it("maps 0 and 255 onto the ends of the model's range", () => {
    expect(normalizePixel(0, [0, 1])).toBe(0);
    expect(normalizePixel(255, [0, 1])).toBeCloseTo(1, 12);
    expect(normalizePixel(0, [-1, 1])).toBe(-1);
    expect(normalizePixel(255, [-1, 1])).toBeCloseTo(1, 12);
  });

  it("is linear in between", () => {
    expect(normalizePixel(127.5, [-1, 1])).toBeCloseTo(0, 12);
    expect(normalizePixel(51, [0, 1])).toBeCloseTo(0.2, 12);
  });
});

describe("toModelInput", () => {
  for (const range of RANGES) {
    it(`equals @tensorflow-models/mobilenet's preprocessing for a 300×400 photo in [${range}]`, async () => {
      const reference = await packagePreprocessing(range);
      const image = randomImage([300, 400, 3], 21) as tf.Tensor3D;
      const before = tf.memory().numTensors;
      const ours = toModelInput(image, range);
      const theirs = reference(image);
      try {
        expect(ours.shape).toEqual([1, IMAGE_SIZE, IMAGE_SIZE, 3]);
        expect(ours.dtype).toBe("float32");
        expect(theirs.shape).toEqual(ours.shape);
        expect(maxAbsDiff(ours.dataSync(), theirs.dataSync())).toBe(0);
        const [min, max] = range;
        const values = Array.from(ours.dataSync());
        expect(values.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(min - 1e-6);
        expect(values.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(max + 1e-6);
      } finally {
        tf.dispose([ours, theirs]);
        expect(tf.memory().numTensors).toBe(before);
        image.dispose();
      }
    });
  }

  it("spells out the package's steps: cast, scale, shift, resize with aligned corners, add a batch axis", () => {
    const image = randomImage([300, 400, 3], 22) as tf.Tensor3D;
    const [min, max] = [-1, 1];
    const expected = tf.tidy(() => {
      const normalized = tf.add(tf.mul(tf.cast(image, "float32"), (max - min) / 255), min) as tf.Tensor3D;
      return tf.reshape(tf.image.resizeBilinear(normalized, [224, 224], true), [-1, 224, 224, 3]);
    });
    const ours = toModelInput(image, [min, max]);
    try {
      expect(maxAbsDiff(ours.dataSync(), expected.dataSync())).toBe(0);
      // Aligned corners: the four corner pixels survive the resize unchanged.
      const source = image.arraySync();
      const resized = ours.arraySync()[0]!;
      for (const [y, x, sy, sx] of [
        [0, 0, 0, 0],
        [0, 223, 0, 399],
        [223, 0, 299, 0],
        [223, 223, 299, 399]
      ] as const) {
        for (let c = 0; c < 3; c++) {
          expect(resized[y]![x]![c]).toBeCloseTo(normalizePixel(source[sy]![sx]![c]!, [min, max]), 5);
        }
      }
    } finally {
      tf.dispose([image, expected, ours]);
    }
  });

  it("does not resize a 224×224 image: each value is just normalizePixel of the pixel", () => {
    const image = randomImage([224, 224, 3], 23) as tf.Tensor3D;
    const input = toModelInput(image, [-1, 1]);
    try {
      expect(input.shape).toEqual([1, 224, 224, 3]);
      const pixels = image.dataSync();
      const values = input.dataSync();
      let worst = 0;
      for (let i = 0; i < pixels.length; i++)
        worst = Math.max(worst, Math.abs(values[i]! - normalizePixel(pixels[i]!, [-1, 1])));
      expect(worst).toBeLessThanOrEqual(1e-6);
    } finally {
      tf.dispose([image, input]);
    }
  });

  it("takes a batch [n, h, w, 3] and treats each image as toModelInput would alone", () => {
    const batch = randomImage([3, 120, 90, 3], 24) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const input = toModelInput(batch, [0, 1]);
    try {
      expect(input.shape).toEqual([3, 224, 224, 3]);
      for (let i = 0; i < 3; i++) {
        const one = tf.tidy(() =>
          tf.sub(
            toModelInput(tf.squeeze(tf.slice(batch, [i], [1]), [0]) as tf.Tensor3D, [0, 1]),
            tf.slice(input, [i], [1])
          )
        );
        expect(tf.tidy(() => tf.max(tf.abs(one)).arraySync())).toBeLessThanOrEqual(1e-6);
        one.dispose();
      }
      const square = randomImage([2, 224, 224, 3], 25) as tf.Tensor4D;
      const squareInput = toModelInput(square, [0, 1]);
      expect(squareInput.shape).toEqual([2, 224, 224, 3]);
      tf.dispose([square, squareInput]);
    } finally {
      input.dispose();
      expect(tf.memory().numTensors).toBe(before);
      batch.dispose();
    }
  });
});

describe("the inputs page's order: resize first, then normalise", () => {
  it("gives the package's input (normalise first), up to float rounding: both steps are linear", () => {
    const image = randomImage([300, 400, 3], 26) as tf.Tensor3D;
    for (const [min, max] of [
      [0, 1],
      [-1, 1]
    ] as const) {
      const before = tf.memory().numTensors;
      const pageOrder = tf.tidy(() => {
        const resized = tf.image.resizeBilinear(image, [224, 224], true);
        return tf.add(tf.mul(resized, (max - min) / 255), min);
      });
      const input = toModelInput(image, [min, max]);
      try {
        expect(maxAbsDiff(pageOrder.dataSync(), input.dataSync())).toBeLessThan(1e-5);
      } finally {
        tf.dispose([pageOrder, input]);
      }
      expect(tf.memory().numTensors).toBe(before);
    }
    image.dispose();
  });
});

describe("toModelView", () => {
  it("gives the 224×224 picture the model sees as int32 0–255, and a 224×224 image's own pixels", () => {
    const before = tf.memory().numTensors;
    const photo = tf.fill([300, 400, 3], 200, "int32") as tf.Tensor3D;
    const view = toModelView(photo);
    expect(view.shape).toEqual([224, 224, 3]);
    expect(view.dtype).toBe("int32");
    expect(Array.from(view.dataSync().slice(0, 3))).toEqual([200, 200, 200]);
    const square = tf.tidy(() => tf.reshape(tf.mod(tf.range(0, 224 * 224 * 3, 1, "int32"), 256), [224, 224, 3]));
    const same = toModelView(square as tf.Tensor3D);
    expect(Array.from(same.dataSync())).toEqual(Array.from(square.dataSync()));
    tf.dispose([photo, view, square, same]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
