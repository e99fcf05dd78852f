// Asking models about a list of photos, one photo at a time, for a page that scores them: each photo is opened (as the
// picker opens it) and read into a tensor that is freed before the next, and the page redraws its progress bar in
// between. A cancelled job stops between photos.
import * as tf from "@tensorflow/tfjs-core";
import {secondsText} from "../pipeline/format.js";
import {nextTurn} from "../pipeline/timing.js";
import type {TaskProgress} from "../views/task-progress.js";

/**
 * Each model's answer, `ask(model, pixels)`, for each photo in turn: result[model][photo]. `job`'s bar follows the
 * photos and it says "Done" with the time taken at the end; fewer photos when the job is cancelled part way.
 */
export async function askEachPhoto<Photo, Model, Answer>(
  photos: readonly Photo[],
  models: readonly Model[],
  ask: (model: Model, pixels: tf.Tensor3D) => Promise<Answer>,
  {open, job}: {open: (photo: Photo) => Promise<{canvas: HTMLCanvasElement}>; job: TaskProgress}
): Promise<Answer[][]> {
  const answers: Answer[][] = models.map(() => []);
  for (let i = 0; i < photos.length && !job.signal.aborted; i++) {
    const pixels = tf.browser.fromPixels((await open(photos[i]!)).canvas);
    try {
      for (const [m, model] of models.entries()) answers[m]!.push(await ask(model, pixels));
    } finally {
      pixels.dispose();
    }
    job.update((i + 1) / photos.length);
    await nextTurn(); // let the progress bar redraw
  }
  if (!job.signal.aborted) {
    const seconds = secondsText(performance.now() - job.started);
    job.finish(`Done: ${photos.length} photos × ${models.length} models in ${seconds}.`);
  }
  return answers;
}
