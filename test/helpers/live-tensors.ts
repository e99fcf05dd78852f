// How many tensors the page's own tfjs holds, to find leaks in a page under test.
import type {Page} from "playwright-core";

/** tf.memory().numTensors of the tfjs-core module the page loaded (found by its preload link): the page exposes nothing. */
export const liveTensors = (page: Page) =>
  // A string, not a function: the test runner would rewrite a function's import() into its own loader.
  page.evaluate(`(async () => {
    const link = document.querySelector('link[rel="modulepreload"][href*="/@tensorflow/tfjs-core@"][href*="/index."]');
    if (!link) throw new Error("no preload link for @tensorflow/tfjs-core on the page");
    return (await import(link.href)).memory().numTensors;
  })()`) as Promise<number>;
