// How long one `model.infer(image)` takes, measured honestly: warm-up runs first (the first runs compile kernels), and
// every run waits for the numbers to arrive (`await logits.data()`), since tfjs otherwise returns before it computes.
import type * as tf from "@tensorflow/tfjs-core";
import type {Classifier} from "./models.js";

/** The middle value (the mean of the two middle ones for an even count): one slow run barely moves it. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median() needs at least one value.");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface InferenceTiming {
  /** Milliseconds per run, in the order they ran (warm-up runs not included). */
  times: number[];
  median: number;
}

export interface TimingOptions {
  /** Timed runs. */
  runs?: number;
  /** Untimed runs before them. */
  warmUp?: number;
  /** The clock, in milliseconds (performance.now). */
  now?: () => number;
  /** Called after each timed run with the fraction done, so a page can show progress and stay responsive. */
  onRun?: (fraction: number) => void | Promise<void>;
  /** Stops between runs when aborted (the promise rejects with an AbortError). */
  signal?: AbortSignal;
}

/** Times `classifier.infer(pixels)` from the call until its logits can be read. Frees every tensor it makes. */
export async function timeInference(
  classifier: Pick<Classifier, "infer">,
  pixels: tf.Tensor3D | tf.Tensor4D,
  {runs = 10, warmUp = 2, now = () => performance.now(), onRun, signal}: TimingOptions = {}
): Promise<InferenceTiming> {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`timeInference() needs at least one run, not ${runs}.`);
  const once = async () => {
    signal?.throwIfAborted();
    const logits = classifier.infer(pixels);
    try {
      await logits.data();
    } finally {
      logits.dispose();
    }
  };
  for (let i = 0; i < warmUp; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    await once();
    times.push(now() - start);
    await onRun?.((i + 1) / runs);
  }
  return {times, median: median(times)};
}

/** Waits for the event loop's next turn, so that the page can redraw (a progress bar, say) between long runs. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * timeInference for each classifier in turn, on the same pixels. `onRun` gets the fraction of all their timed runs
 * done so far, and after each run the page gets a turn to redraw.
 */
export async function timeEach(
  classifiers: readonly Pick<Classifier, "infer">[],
  pixels: tf.Tensor3D | tf.Tensor4D,
  {onRun, ...options}: TimingOptions = {}
): Promise<InferenceTiming[]> {
  const timings: InferenceTiming[] = [];
  for (const [i, classifier] of classifiers.entries()) {
    const each = async (done: number) => {
      await onRun?.((i + done) / classifiers.length);
      await nextTurn();
    };
    timings.push(await timeInference(classifier, pixels, {...options, onRun: each}));
  }
  return timings;
}
