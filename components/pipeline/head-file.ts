// A trained last layer as a file: its class names, weights and biases as JSON numbers, and how it was trained. Each
// number is written as the shortest decimal that reads back as the same float32, so saving and loading change nothing.
// A file is checked in full before anything uses it; what is wrong with it is said in words.
import {classNameProblem} from "./example-set.js";
import {float32Text} from "./format.js";
import {
  EMBEDDING_SIZE,
  MAX_CLASSES,
  MIN_CLASSES,
  headFromValues,
  type EpochLoss,
  type Head,
  type TrainingReport
} from "./head.js";

export const HEAD_FORMAT = "mobilenet-lesson/last-layer";
export const HEAD_FORMAT_VERSION = 1;
/** A real layer file is about 15 KB for 5 classes; anything much larger is something else. */
export const MAX_HEAD_FILE_BYTES = 1024 * 1024;

/** How the layer was trained, to show again after a reload. */
export interface TrainingSummary {
  /** Training loss at each epoch, and the held-out loss (null when nothing was held out). */
  loss: number[];
  heldOutLoss: (number | null)[];
  epochs: number;
  stopped: boolean;
  trainExamples: number;
  /** Held-out examples the layer got right, of how many. */
  heldOutCorrect: number;
  heldOutTotal: number;
}

/** A training run in a summary's terms: its losses, and how it did on the held-out examples. */
export function trainingSummary(
  report: TrainingReport,
  epochs: number,
  trainExamples: number,
  heldOut: {correct: number; total: number}
): TrainingSummary {
  return {
    loss: report.epochs.map((e) => e.loss),
    heldOutLoss: report.epochs.map((e) => e.heldOutLoss),
    epochs,
    stopped: report.stopped,
    trainExamples,
    heldOutCorrect: heldOut.correct,
    heldOutTotal: heldOut.total
  };
}

/** The summary's losses epoch by epoch, as a chart of the training draws them (no times: they weren't kept). */
export function summaryEpochs(summary: TrainingSummary | null): EpochLoss[] {
  if (!summary) return [];
  return summary.loss.map((loss, i) => ({
    epoch: i + 1,
    epochs: summary.epochs,
    loss,
    heldOutLoss: summary.heldOutLoss[i] ?? null,
    elapsed: NaN
  }));
}

export interface HeadFile {
  format: typeof HEAD_FORMAT;
  version: typeof HEAD_FORMAT_VERSION;
  /** The model whose embeddings it reads. */
  model: string;
  embeddingSize: number;
  classNames: string[];
  /** [embeddingSize][classes]: row i holds the weights of embedding number i, one per class. */
  weights: number[][];
  biases: number[];
  training: TrainingSummary | null;
}

/** Thrown for a file that isn't a layer this page can use; the message says what is wrong and what to do. */
export class HeadFileProblem extends Error {
  override name = "HeadFileProblem";
}

const exact = (x: number) => Number(float32Text(x));

/** The layer's current values as a HeadFile. */
export async function headToFile(head: Head, training: TrainingSummary | null, model: string): Promise<HeadFile> {
  const [weights, biases] = await Promise.all([head.weights.data(), head.biases.data()]);
  const count = head.classNames.length;
  const rows = head.weights.shape[0];
  return {
    format: HEAD_FORMAT,
    version: HEAD_FORMAT_VERSION,
    model,
    embeddingSize: rows,
    classNames: [...head.classNames],
    weights: Array.from({length: rows}, (_, i) => Array.from(weights.subarray(i * count, (i + 1) * count), exact)),
    biases: Array.from(biases, exact),
    training
  };
}

/** The layer in a HeadFile as tensors (tf.variable). The caller disposes it. */
export function headFromFile(file: HeadFile): Head {
  return headFromValues(
    file.classNames,
    Float32Array.from(file.weights.flat()),
    Float32Array.from(file.biases),
    file.embeddingSize
  );
}

/** The file's text: readable JSON with one row of weights per line. */
export function headFileText(file: HeadFile): string {
  const {weights, ...rest} = file;
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, "");
  const rows = weights.map((row) => `    ${JSON.stringify(row)}`).join(",\n");
  return `${head},\n  "weights": [\n${rows}\n  ]\n}\n`;
}

/** Reads a layer file's text; throws HeadFileProblem, naming `fileName`, for anything that isn't one. */
export function parseHeadFile(text: string, fileName = "The file"): HeadFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HeadFileProblem(
      `${fileName} is not a trained layer: it isn't JSON text. Choose a file this page saved with “Download the layer”.`
    );
  }
  return checkHeadFile(value, fileName);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isNumberList = (value: unknown, length: number): value is number[] =>
  Array.isArray(value) && value.length === length && value.every((x) => typeof x === "number" && Number.isFinite(x));

/** A HeadFile from any value (a parsed file, or what storage kept); throws HeadFileProblem if it isn't one. */
export function checkHeadFile(value: unknown, fileName = "The file"): HeadFile {
  const refuse = (why: string): never => {
    throw new HeadFileProblem(`${fileName} ${why} Choose a file this page saved with “Download the layer”.`);
  };
  if (!isRecord(value) || value.format !== HEAD_FORMAT)
    return refuse(`is not a trained layer from this page (it has no "format": "${HEAD_FORMAT}").`);
  if (value.version !== HEAD_FORMAT_VERSION)
    return refuse(
      `is a layer file of version ${String(value.version)}; this page reads version ${HEAD_FORMAT_VERSION}.`
    );
  if (value.embeddingSize !== EMBEDDING_SIZE)
    return refuse(
      `is a layer for embeddings of ${String(value.embeddingSize)} numbers; this page's MobileNet v1 0.25 gives ${EMBEDDING_SIZE}.`
    );
  const names = value.classNames;
  if (!Array.isArray(names) || names.length < MIN_CLASSES || names.length > MAX_CLASSES)
    return refuse(`does not name ${MIN_CLASSES} to ${MAX_CLASSES} classes.`);
  names.forEach((name, i) => {
    const problem = typeof name === "string" ? classNameProblem(name, names.slice(0, i) as string[]) : "not text";
    if (problem) refuse(`has a class name this page can't use (class ${i + 1}: ${problem})`);
  });
  const count = names.length;
  const weights = value.weights;
  if (!Array.isArray(weights) || weights.length !== EMBEDDING_SIZE || !weights.every((row) => isNumberList(row, count)))
    return refuse(`does not hold ${EMBEDDING_SIZE} rows of ${count} weights, all of them numbers.`);
  if (!isNumberList(value.biases, count)) return refuse(`does not hold ${count} biases, all of them numbers.`);
  return {
    format: HEAD_FORMAT,
    version: HEAD_FORMAT_VERSION,
    model: typeof value.model === "string" ? value.model : "",
    embeddingSize: EMBEDDING_SIZE,
    classNames: (names as string[]).map((name) => name.trim()),
    weights: weights as number[][],
    biases: value.biases,
    training: checkTraining(value.training)
  };
}

/** The training summary if it is whole; a layer without one (or with a damaged one) still works. */
function checkTraining(value: unknown): TrainingSummary | null {
  if (!isRecord(value)) return null;
  const {loss, heldOutLoss, epochs, stopped, trainExamples, heldOutCorrect, heldOutTotal} = value;
  const count = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
  if (!Array.isArray(loss) || !isNumberList(loss, loss.length)) return null;
  if (!Array.isArray(heldOutLoss) || heldOutLoss.length !== loss.length) return null;
  if (!heldOutLoss.every((x) => x === null || (typeof x === "number" && Number.isFinite(x)))) return null;
  if (!count(epochs) || typeof stopped !== "boolean" || !count(trainExamples)) return null;
  if (!count(heldOutCorrect) || !count(heldOutTotal) || heldOutCorrect > heldOutTotal) return null;
  return {loss, heldOutLoss, epochs, stopped, trainExamples, heldOutCorrect, heldOutTotal};
}
