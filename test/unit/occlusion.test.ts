import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {CLASS_COUNT} from "../../components/pipeline/classes.js";
import type {Classifier} from "../../components/pipeline/models.js";
import {
  gridCells,
  modelSizedPixels,
  MAX_CHUNK,
  mostImportantCell,
  nextChunkSize,
  occludedBatch,
  occlusionMap,
  occlusionMeasure,
  probabilityDrops,
  regionName
} from "../../components/pipeline/occlusion.js";
import {GREY} from "../../components/pipeline/perturb.js";
import {seededRandom, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

describe("gridCells", () => {
  it("covers every pixel exactly once, row by row", () => {
    for (const [height, width, grid] of [
      [224, 224, 7],
      [224, 224, 14],
      [10, 7, 3],
      [5, 5, 5]
    ] as const) {
      const cells = gridCells(height, width, grid);
      expect(cells).toHaveLength(grid * grid);
      expect(cells.map((c) => [c.row, c.col])).toEqual(
        Array.from({length: grid * grid}, (_, i) => [Math.floor(i / grid), i % grid])
      );
      const covered = new Uint8Array(height * width);
      for (const c of cells)
        for (let y = c.top; y < c.bottom; y++) for (let x = c.left; x < c.right; x++) covered[y * width + x]!++;
      expect(covered.every((count) => count === 1)).toBe(true);
    }
  });
  it("splits 224 pixels into 32-pixel squares for a 7 × 7 grid", () => {
    expect(gridCells(224, 224, 7).every((c) => c.bottom - c.top === 32 && c.right - c.left === 32)).toBe(true);
  });
  it("refuses grids that can't be drawn, saying what can", () => {
    expect(() => gridCells(224, 224, 0)).toThrow(/from 1 to 224/);
    expect(() => gridCells(224, 224, 2.5)).toThrow(/whole number/);
    expect(() => gridCells(4, 4, 5)).toThrow(/from 1 to 4/);
  });
});

describe("occludedBatch", () => {
  it("paints one cell grey in each copy and leaves the rest of the photo alone", () => {
    const [height, width] = [8, 6];
    const random = seededRandom(11);
    const source = Int32Array.from({length: height * width * 3}, () => Math.floor(random() * 256));
    const image = tf.tensor3d(source, [height, width, 3], "int32");
    const cells = gridCells(height, width, 3);
    const before = tf.memory().numTensors;
    const batch = occludedBatch(image, cells);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(batch.shape).toEqual([cells.length, height, width, 3]);
    expect(batch.dtype).toBe("int32");
    const data = batch.dataSync();
    cells.forEach((cell, i) => {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const inside = y >= cell.top && y < cell.bottom && x >= cell.left && x < cell.right;
          for (let c = 0; c < 3; c++) {
            const offset = (y * width + x) * 3 + c;
            expect(data[i * height * width * 3 + offset]).toBe(inside ? GREY : source[offset]);
          }
        }
      }
    });
    tf.dispose([image, batch]);
    expect(tf.memory().numTensors).toBe(before - 1);
  });
  it("keeps a float32 image float32 (no rounding of the photo around the square)", () => {
    const image = tf.fill([4, 4, 3], 10.25, "float32") as tf.Tensor3D;
    const batch = occludedBatch(image, gridCells(4, 4, 2));
    expect(batch.dtype).toBe("float32");
    expect(new Set(batch.dataSync())).toEqual(new Set([10.25, GREY]));
    tf.dispose([image, batch]);
  });
  it("takes another fill value", () => {
    const image = tf.zeros([4, 4, 3], "int32") as tf.Tensor3D;
    const batch = occludedBatch(image, gridCells(4, 4, 1), 200);
    expect(new Set(batch.dataSync())).toEqual(new Set([200]));
    tf.dispose([image, batch]);
  });
});

describe("modelSizedPixels", () => {
  it("resizes to 224 × 224 float32 without rounding, and leaves a 224 × 224 image as it is", () => {
    const small = tf.tensor3d([0, 0, 0, 255, 255, 255], [1, 2, 3], "int32");
    const resized = modelSizedPixels(small);
    expect(resized.shape).toEqual([224, 224, 3]);
    expect(resized.dtype).toBe("float32");
    expect(Array.from(resized.dataSync()).some((v) => !Number.isInteger(v))).toBe(true);
    const exact = tf.fill([224, 224, 3], 7, "int32") as tf.Tensor3D;
    const same = modelSizedPixels(exact);
    expect(new Set(same.dataSync())).toEqual(new Set([7]));
    tf.dispose([small, resized, exact, same]);
  });
});

describe("probabilityDrops, mostImportantCell, regionName", () => {
  it("drops are base minus occluded, positive where covering hurt", () => {
    expect(Array.from(probabilityDrops(0.5, [0.5, 0.25, 0.75, 0]))).toEqual([0, 0.25, -0.25, 0.5]);
  });
  it("the most important cell is the biggest drop (the first of equals)", () => {
    expect(mostImportantCell([0.1, 0.4, -0.2, 0.4])).toBe(1);
    expect(mostImportantCell([-0.3, -0.1])).toBe(1);
  });
  it("names a cell's region by thirds of the image: upper, middle, lower (not top or bottom, which mean an edge)", () => {
    expect([0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => regionName(row, col, 3)))).toEqual([
      "upper left",
      "upper centre",
      "upper right",
      "middle left",
      "middle",
      "middle right",
      "lower left",
      "lower centre",
      "lower right"
    ]);
    expect(regionName(3, 3, 7)).toBe("middle");
    expect(regionName(0, 6, 7)).toBe("upper right");
    expect(regionName(5, 3, 7)).toBe("lower centre"); // row 6 of 7: in the lower third, not the bottom row
    expect(regionName(13, 0, 14)).toBe("lower left");
  });
});

/**
 * A stand-in model over 8 × 8 images: class 7's logit is 10 × the mean brightness (0–1) of the top-left 4 × 4 quarter,
 * every other logit is 0. Covering that quarter is the only thing that changes its answer. Records its batch sizes.
 */
function fakeClassifier(): Pick<Classifier, "infer"> & {batches: number[]} {
  const batches: number[] = [];
  return {
    batches,
    infer(pixels) {
      return tf.tidy(() => {
        const batch = (pixels.rank === 3 ? tf.expandDims(pixels, 0) : pixels) as tf.Tensor4D;
        batches.push(batch.shape[0]);
        const quarter = tf.slice(tf.cast(batch, "float32"), [0, 0, 0, 0], [-1, 4, 4, 3]);
        const score = tf.mul(tf.mean(quarter, [1, 2, 3]), 10 / 255).reshape([-1, 1]);
        const n = batch.shape[0];
        return tf.concat([tf.zeros([n, 7]), score, tf.zeros([n, CLASS_COUNT - 8])], 1) as tf.Tensor2D;
      });
    }
  };
}

describe("nextChunkSize", () => {
  it("fits the budget at the last call's rate, growing by one while under budget", () => {
    expect(nextChunkSize({size: 1, ms: 10}, 40)).toBe(4);
    expect(nextChunkSize({size: 4, ms: 40}, 40)).toBe(4);
    expect(nextChunkSize({size: 4, ms: 80}, 40)).toBe(2);
    expect(nextChunkSize({size: 1, ms: 25}, 40)).toBe(2); // a fixed cost per call: try one more
  });

  it("stays between one image and MAX_CHUNK", () => {
    expect(nextChunkSize({size: 1, ms: 500}, 40)).toBe(1);
    expect(nextChunkSize({size: 8, ms: 0}, 40)).toBe(MAX_CHUNK);
    expect(nextChunkSize({size: 8, ms: 0.01}, 40)).toBe(MAX_CHUNK);
  });
});

describe("occlusionMap (with a stand-in model)", () => {
  const white = () => tf.fill([8, 8, 3], 255, "int32") as tf.Tensor3D;

  it("finds the region the answer depends on, chunk by chunk, without leaking", async () => {
    const image = white();
    const classifier = fakeClassifier();
    const progress: number[] = [];
    let pauses = 0;
    const before = tf.memory().numTensors;
    const map = await occlusionMap(classifier, image, {
      gridSize: 4, // 2 × 2-pixel squares: the top-left quarter is cells (0,0), (0,1), (1,0), (1,1)
      chunkSize: 5,
      onProgress: (fraction) => progress.push(fraction),
      pause: async () => void pauses++
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(map.classIndex).toBe(7);
    expect(map.gridSize).toBe(4);
    expect(classifier.batches).toEqual([1, 5, 5, 5, 1]);
    expect(pauses).toBe(4);
    expect(progress).toEqual([0, 5 / 16, 10 / 16, 15 / 16, 1]);
    const important = new Set([0, 1, 4, 5]);
    map.drops.forEach((drop, i) => {
      if (important.has(i)) expect(drop).toBeGreaterThan(0.01);
      else expect(drop).toBeCloseTo(0, 6);
      expect(drop).toBeGreaterThanOrEqual(-1);
      expect(drop).toBeLessThanOrEqual(1);
      expect(drop).toBeCloseTo(map.baseProbability - map.probabilities[i]!, 6);
    });
    expect(important.has(mostImportantCell(map.drops))).toBe(true);
    image.dispose();
  });

  it("without a chunk size, fits each model call into the time budget as it learns the model's speed", async () => {
    const image = white();
    let clock = 0;
    const fake = fakeClassifier();
    // A model that takes 3 ms per call plus 5 ms per image.
    const classifier = {
      infer: (pixels: tf.Tensor3D | tf.Tensor4D) => (
        (clock += 3 + 5 * (pixels.rank === 4 ? pixels.shape[0] : 1)),
        fake.infer(pixels)
      )
    };
    const before = tf.memory().numTensors;
    const map = await occlusionMap(classifier, image, {
      gridSize: 8,
      budgetMs: 40,
      now: () => clock,
      pause: async () => {}
    });
    // 8 ms for one image alone → 5 images (28 ms) → 7 (38 ms, under budget, so it tries one more) → 8 (43 ms, over)
    // → 7 …: the calls hover at the budget, within an image of it.
    expect(fake.batches).toEqual([1, 5, 7, 8, 7, 8, 7, 8, 7, 7]);
    expect(fake.batches.slice(1).reduce((a, b) => a + b)).toBe(64);
    expect(map.drops).toHaveLength(64);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it("also measures the class's logit, and the top three classes' probability together", async () => {
    const image = white();
    const map = await occlusionMap(fakeClassifier(), image, {gridSize: 2, pause: async () => {}});
    // The whole white image: class 7's logit is 10, every other 0; the top three are 7, then 0 and 1 (equal: lowest id).
    expect(map.group).toEqual([7, 0, 1]);
    expect(map.baseLogit).toBeCloseTo(10, 5);
    const p7 = Math.exp(10) / (Math.exp(10) + 999);
    expect(map.baseProbability).toBeCloseTo(p7, 5);
    expect(map.baseGroupProbability).toBeCloseTo(p7 + 2 / (Math.exp(10) + 999), 5);
    // Covering the top-left square (a quarter of the quarter) lowers class 7's logit; the others leave it at 10.
    expect(map.logits[0]).toBeLessThan(10);
    expect(Array.from(map.logits.slice(1))).toEqual([10, 10, 10].map(Math.fround));
    map.groupProbabilities.forEach((p, i) => {
      const logit = map.logits[i]!;
      expect(p).toBeCloseTo((Math.exp(logit) + 2) / (Math.exp(logit) + 999), 5);
    });
    image.dispose();
  });

  it("measures the class it is asked about", async () => {
    const image = white();
    const map = await occlusionMap(fakeClassifier(), image, {gridSize: 2, classIndex: 3, pause: async () => {}});
    expect(map.classIndex).toBe(3);
    // Class 3's logit is always 0, but covering the quarter lowers class 7's, so class 3 gains: negative drops.
    expect(map.drops[0]).toBeLessThan(0);
    image.dispose();
  });

  it("stops when cancelled, rejecting with an AbortError and leaking nothing", async () => {
    const image = white();
    const classifier = fakeClassifier();
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const run = occlusionMap(classifier, image, {
      gridSize: 4,
      chunkSize: 4,
      signal: controller.signal,
      pause: async () => {},
      onProgress: (fraction) => fraction >= 0.5 && controller.abort()
    });
    await expect(run).rejects.toMatchObject({name: "AbortError"});
    expect(classifier.batches).toEqual([1, 4, 4]);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it("does not start when already cancelled", async () => {
    const image = white();
    const classifier = fakeClassifier();
    await expect(occlusionMap(classifier, image, {gridSize: 2, signal: AbortSignal.abort()})).rejects.toMatchObject({
      name: "AbortError"
    });
    expect(classifier.batches).toEqual([]);
    image.dispose();
  });
});

describe("occlusionMeasure", () => {
  const map = {
    gridSize: 2,
    classIndex: 281,
    baseProbability: 0.6,
    probabilities: Float32Array.of(0.5, 0.6, 0.1, 0.6),
    drops: Float32Array.of(0.1, 0, 0.5, 0),
    baseLogit: 9,
    logits: Float32Array.of(8, 9, 4, 9),
    group: [281, 282, 285],
    baseGroupProbability: 0.9,
    groupProbabilities: Float32Array.of(0.9, 0.9, 0.3, 0.9)
  };

  it("gives the answer's probability, its logit, or the group's probability, each named in words", () => {
    expect(occlusionMeasure(map, "probability")).toEqual({
      gridSize: 2,
      measured: "probability of “tabby”",
      kind: "probability",
      base: 0.6,
      values: map.probabilities
    });
    expect(occlusionMeasure(map, "logit")).toMatchObject({measured: "logit of “tabby”", kind: "logit", base: 9});
    expect(occlusionMeasure(map, "logit").values).toBe(map.logits);
    expect(occlusionMeasure(map, "group")).toMatchObject({
      measured: "probability of “tabby”, “tiger cat”, “Egyptian cat” together",
      kind: "probability",
      base: 0.9,
      values: map.groupProbabilities
    });
  });
});
