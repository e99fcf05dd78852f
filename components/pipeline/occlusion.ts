// What the model looks at, found by experiment: paint one square of the image grey, ask the model again, and see how
// much its answer falls. Squares whose loss hurts most are the ones the answer depends on. "Its answer" is measured
// three ways: the top class's probability, its logit, and the probability of the top three classes together (which
// doesn't count probability that only moved from the top class to a close rival, say from one cat class to another).
import * as tf from "@tensorflow/tfjs-core";
import {shortLabel} from "./classes.js";
import {IMAGE_SIZE} from "./input.js";
import type {Classifier} from "./models.js";
import {GREY} from "./perturb.js";

/** One square of the grid, in pixels: rows top…bottom−1, columns left…right−1. */
export interface GridCell {
  row: number;
  col: number;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** gridSize × gridSize squares covering a height × width image, row by row; sizes differ by at most one pixel. */
export function gridCells(height: number, width: number, gridSize: number): GridCell[] {
  if (!Number.isInteger(gridSize) || gridSize < 1 || gridSize > Math.min(height, width)) {
    throw new RangeError(
      `The grid must be a whole number of squares from 1 to ${Math.min(height, width)}, not ${gridSize}.`
    );
  }
  const edge = (i: number, size: number) => Math.round((i * size) / gridSize);
  const cells: GridCell[] = [];
  for (let row = 0; row < gridSize; row++) {
    for (let col = 0; col < gridSize; col++) {
      cells.push({
        row,
        col,
        top: edge(row, height),
        bottom: edge(row + 1, height),
        left: edge(col, width),
        right: edge(col + 1, width)
      });
    }
  }
  return cells;
}

/** One copy of `image` [h, w, 3] per cell, that cell painted `fill`: [cells, h, w, 3], of the image's dtype. */
export function occludedBatch(image: tf.Tensor3D, cells: readonly GridCell[], fill = GREY): tf.Tensor4D {
  return tf.tidy(() => {
    const [height, width] = image.shape;
    const n = cells.length;
    const column = (values: number[]) => tf.tensor2d(values, [n, 1], "int32");
    // inside[i, y, x] = 1 where cell i covers pixel (y, x): a row test times a column test, broadcast.
    const rows = tf.reshape(tf.range(0, height, 1, "int32"), [1, height]);
    const cols = tf.reshape(tf.range(0, width, 1, "int32"), [1, width]);
    const inRows = tf.logicalAnd(
      tf.greaterEqual(rows, column(cells.map((c) => c.top))),
      tf.less(rows, column(cells.map((c) => c.bottom)))
    );
    const inCols = tf.logicalAnd(
      tf.greaterEqual(cols, column(cells.map((c) => c.left))),
      tf.less(cols, column(cells.map((c) => c.right)))
    );
    const inside = tf.mul(
      tf.reshape(tf.cast(inRows, image.dtype), [n, height, 1, 1]),
      tf.reshape(tf.cast(inCols, image.dtype), [n, 1, width, 1])
    );
    const original = tf.reshape(image, [1, height, width, 3]);
    // original + inside × (fill − original): the fill inside the cell, the photo everywhere else.
    return tf.add(original, tf.mul(inside, tf.sub(tf.scalar(fill, image.dtype), original))) as tf.Tensor4D;
  });
}

/**
 * The photo at the model's 224 × 224, resized exactly as the model resizes it (bilinear, corners aligned) but not
 * rounded to whole numbers: float32, 0–255. The map then starts from the model's own answer for the photo.
 */
export function modelSizedPixels(pixels: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() =>
    tf.image.resizeBilinear(tf.cast(pixels, "float32") as tf.Tensor3D, [IMAGE_SIZE, IMAGE_SIZE], true)
  );
}

/** How much the class's probability fell when each cell was covered: base − occluded, so each value is in [−1, 1]. */
export function probabilityDrops(baseProbability: number, occludedProbabilities: ArrayLike<number>): Float32Array {
  return Float32Array.from(occludedProbabilities, (p) => baseProbability - p);
}

/** Index of the cell whose covering lowered the probability most (the first of equals). */
export function mostImportantCell(drops: ArrayLike<number>): number {
  return argMax(drops);
}

/**
 * A cell's place in words ("upper left", "middle", "lower centre"…), by which third of the image its centre falls in:
 * "upper" and "lower", not "top" and "bottom", since the cell need not be in the first or last row.
 */
export function regionName(row: number, col: number, gridSize: number): string {
  const third = (i: number) => Math.min(2, Math.floor((3 * (i + 0.5)) / gridSize));
  const vertical = ["upper", "middle", "lower"][third(row)]!;
  const horizontal = ["left", "centre", "right"][third(col)]!;
  if (vertical === "middle") return horizontal === "centre" ? "middle" : `middle ${horizontal}`;
  return `${vertical} ${horizontal}`;
}

export interface OcclusionMap {
  gridSize: number;
  /** The class whose probability is measured: the model's top answer for the whole image unless one was asked for. */
  classIndex: number;
  /** Its probability with nothing covered. */
  baseProbability: number;
  /** Its probability with each cell covered, row by row. */
  probabilities: Float32Array;
  /** baseProbability − probabilities: how much covering each cell cost; in [−1, 1]. */
  drops: Float32Array;
  /** Its logit with nothing covered, and with each cell covered. */
  baseLogit: number;
  logits: Float32Array;
  /** The three classes the model ranks highest for the whole image (classIndex among them unless one was asked for). */
  group: number[];
  /** Their probabilities added up, with nothing covered and with each cell covered. */
  baseGroupProbability: number;
  groupProbabilities: Float32Array;
}

/** How many of the whole image's top classes make up `group`. */
export const GROUP_SIZE = 3;

/** Which number of an occlusion map to show: the answer's probability, its logit, or the top GROUP_SIZE's together. */
export type OcclusionMeasure = "probability" | "logit" | "group";

/** One measure of an occlusion map, for a view: what it is in words, its kind, its value uncovered and per cell. */
export interface MeasuredOcclusion {
  gridSize: number;
  /** In words that follow "the": probability of “tabby”. */
  measured: string;
  kind: "probability" | "logit";
  base: number;
  values: Float32Array;
}

/** The map's numbers for one measure. */
export function occlusionMeasure(map: OcclusionMap, measure: OcclusionMeasure): MeasuredOcclusion {
  const {gridSize} = map;
  const label = shortLabel(map.classIndex);
  if (measure === "logit")
    return {gridSize, measured: `logit of “${label}”`, kind: "logit", base: map.baseLogit, values: map.logits};
  if (measure === "group") {
    const names = map.group.map((i) => `“${shortLabel(i)}”`).join(", ");
    return {
      gridSize,
      measured: `probability of ${names} together`,
      kind: "probability",
      base: map.baseGroupProbability,
      values: map.groupProbabilities
    };
  }
  return {
    gridSize,
    measured: `probability of “${label}”`,
    kind: "probability",
    base: map.baseProbability,
    values: map.probabilities
  };
}

export interface OcclusionOptions {
  gridSize: number;
  /** Measure this class instead of the model's top answer. */
  classIndex?: number;
  /** Images per model call, fixed. Without it, each call gets as many images as fit in `budgetMs`. */
  chunkSize?: number;
  /**
   * How long one model call may take (ms) when chunkSize is not given. Calls are sized from the time per image
   * measured so far: batches are faster per image than single images, but a call is time the page can't redraw in.
   * Default 40: under the 50 ms that browsers count as a long task.
   */
  budgetMs?: number;
  /** The clock for budgetMs (ms); performance.now by default. */
  now?: () => number;
  /** Called with the fraction of occluded images done, 0 … 1. */
  onProgress?: (fraction: number) => void;
  /** Stops between chunks: the returned promise then rejects with the signal's reason (an AbortError). */
  signal?: AbortSignal;
  /** Awaited between chunks so the page stays responsive; tf.nextFrame by default. */
  pause?: () => Promise<void>;
}

/** The most images one call takes, however fast the machine: memory grows with the batch. */
export const MAX_CHUNK = 64;

/**
 * Images for the next model call, from the last one (`size` images in `ms`): as many as fit in `budgetMs` at that
 * rate, and at least one more if the last call came in under budget, so that a fixed cost per call can't hold the
 * size down. Between 1 and MAX_CHUNK.
 */
export function nextChunkSize(last: {size: number; ms: number}, budgetMs: number): number {
  const fitted = last.ms > 0 ? Math.floor((budgetMs * last.size) / last.ms) : MAX_CHUNK;
  const grown = last.ms < budgetMs ? Math.max(fitted, last.size + 1) : fitted;
  return Math.max(1, Math.min(MAX_CHUNK, grown));
}

function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

interface Measures {
  probabilities: Float32Array;
  logits: Float32Array;
  groupProbabilities: Float32Array;
}

/** For each image of a batch [n, h, w, 3]: the class's probability and logit, and the group's probability. */
async function measure(
  classifier: Pick<Classifier, "infer">,
  batch: tf.Tensor4D,
  classIndex: number,
  group: readonly number[]
): Promise<Measures> {
  const columns = tf.tidy(() => {
    const logits = classifier.infer(batch);
    const probabilities = tf.softmax(logits);
    const column = (t: tf.Tensor2D) => tf.reshape(tf.slice(t, [0, classIndex], [-1, 1]), [-1]);
    return [column(probabilities), column(logits), tf.sum(tf.gather(probabilities, [...group], 1), 1)];
  });
  try {
    const [probabilities, logits, groupProbabilities] = (await Promise.all(columns.map((c) => c.data()))) as [
      Float32Array,
      Float32Array,
      Float32Array
    ];
    return {probabilities, logits, groupProbabilities};
  } finally {
    tf.dispose(columns);
  }
}

/** The `k` highest values' positions, highest first (the first of equals first). */
function topPositions(values: ArrayLike<number>, k: number): number[] {
  return Array.from(values, (_, i) => i)
    .sort((a, b) => values[b]! - values[a]! || a - b)
    .slice(0, k);
}

/**
 * Covers each cell of a gridSize × gridSize grid in turn and measures the class's probability, several images per
 * model call (see chunkSize and budgetMs) with a pause between calls. `image` is what the model sees, 224 × 224 × 3,
 * values 0–255 (modelSizedPixels).
 */
export async function occlusionMap(
  classifier: Pick<Classifier, "infer">,
  image: tf.Tensor3D,
  {
    gridSize,
    classIndex,
    chunkSize,
    budgetMs = 40,
    now = () => performance.now(),
    onProgress,
    signal,
    pause = () => tf.nextFrame()
  }: OcclusionOptions
): Promise<OcclusionMap> {
  const [height, width] = image.shape;
  const cells = gridCells(height, width, gridSize);
  signal?.throwIfAborted();
  let started = now();
  const whole = tf.tidy(() => {
    const logits = classifier.infer(tf.expandDims(image, 0) as tf.Tensor4D);
    return [logits, tf.softmax(logits)];
  });
  let wholeLogits: Float32Array;
  let wholeProbabilities: Float32Array;
  try {
    [wholeLogits, wholeProbabilities] = (await Promise.all(whole.map((t) => t.data()))) as [Float32Array, Float32Array];
  } finally {
    tf.dispose(whole);
  }
  let last = {size: 1, ms: now() - started}; // the first batch is sized from one image alone
  const measured = classIndex ?? argMax(wholeProbabilities); // the model's answer
  const group = topPositions(wholeProbabilities, GROUP_SIZE);
  const covered: Measures = {
    probabilities: new Float32Array(cells.length),
    logits: new Float32Array(cells.length),
    groupProbabilities: new Float32Array(cells.length)
  };
  onProgress?.(0);
  for (let start = 0; start < cells.length;) {
    await pause();
    signal?.throwIfAborted();
    const size = Math.min(cells.length - start, chunkSize ?? nextChunkSize(last, budgetMs));
    started = now();
    const batch = occludedBatch(image, cells.slice(start, start + size));
    try {
      const measures = await measure(classifier, batch, measured, group);
      covered.probabilities.set(measures.probabilities, start);
      covered.logits.set(measures.logits, start);
      covered.groupProbabilities.set(measures.groupProbabilities, start);
    } finally {
      batch.dispose();
    }
    last = {size, ms: now() - started};
    start += size;
    onProgress?.(start / cells.length);
  }
  const baseProbability = wholeProbabilities[measured]!;
  return {
    gridSize,
    classIndex: measured,
    baseProbability,
    probabilities: covered.probabilities,
    drops: probabilityDrops(baseProbability, covered.probabilities),
    baseLogit: wholeLogits[measured]!,
    logits: covered.logits,
    group,
    baseGroupProbability: group.reduce((total, i) => total + wholeProbabilities[i]!, 0),
    groupProbabilities: covered.groupProbabilities
  };
}
