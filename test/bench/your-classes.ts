// The "Your own classes" page in Chromium, timed as a reader meets it: making the ready-made set (40 gallery crops,
// each through MobileNet once) and training a new last layer on it (2 classes × 20 examples, the page's 50 epochs),
// from the button press to the page saying it is done, with the longest task that held up a frame meanwhile.
import type {Page} from "playwright-core";
import {launchChromium} from "../helpers/browser.js";
import {serveSite} from "../helpers/site.js";
import {round, summarize, type Summary} from "./stats.js";

export interface YourClassesFigure {
  page: string;
  /** Press → 40 examples shown (ms), and per example. */
  readyMadeMs: number;
  msPerExample: number;
  readyMadeLongestTaskMs: number;
  /** Press of "Train the new layer" → "Done" (ms), over several runs on the same examples. */
  trainMs: Summary;
  trainLongestTaskMs: number;
  /** Held-out examples right, as the page reports it after the last run. */
  heldOut: string;
}

const PAGE = "/further/your-classes";
const TRAIN_RUNS = 5;

// In-page timing of one button press until `done` (a CSS selector of something that appears) with the long tasks
// meanwhile. A string, run as the page's own script: tsx would wrap a function's inner helpers in a __name() the page
// lacks.
const pressAndTime = (button: string, done: string) => `(async () => {
  const press = [...document.querySelectorAll("button")].find((b) => b.textContent === ${JSON.stringify(button)});
  const before = new Set(document.querySelectorAll(${JSON.stringify(done)}));
  const tasks = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
  observer.observe({type: "longtask"});
  const start = performance.now();
  press.click();
  await new Promise((resolve) => {
    const check = () => {
      const found = [...document.querySelectorAll(${JSON.stringify(done)})].some((node) => !before.has(node));
      if (found) resolve();
      else requestAnimationFrame(check);
    };
    check();
  });
  const ms = performance.now() - start;
  observer.disconnect();
  return {ms, longestTask: Math.max(0, ...tasks)};
})()`;

async function timePress(page: Page, button: string, done: string): Promise<{ms: number; longestTask: number}> {
  return (await page.evaluate(pressAndTime(button, done))) as {ms: number; longestTask: number};
}

export async function benchYourClasses({
  siteDir,
  log
}: {
  siteDir: string;
  log: (line: string) => void;
}): Promise<YourClassesFigure> {
  const server = await serveSite(siteDir);
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({viewport: {width: 1280, height: 900}})).newPage();
    await page.goto(`${server.url}${PAGE}`);
    await page.locator(".example-board").waitFor({timeout: 60_000});
    // The set is whole once the second class has its 20th example.
    const readyMade = await timePress(
      page,
      "Use the ready-made set (cat and bird)",
      ".example-class:nth-child(2) li:nth-child(20)"
    );
    log(`your classes: ready-made set in ${round(readyMade.ms, 0)} ms`);
    const runs: {ms: number; longestTask: number}[] = [];
    for (let run = 0; run < TRAIN_RUNS; run++) {
      await page.getByRole("button", {name: "Train the new layer"}).waitFor();
      runs.push(await timePress(page, "Train the new layer", ".task-progress[data-state=done]"));
      log(`your classes: training run ${run + 1} in ${round(runs.at(-1)!.ms, 0)} ms`);
    }
    const heldOut = (await page.locator(".held-out-score").textContent()) ?? "";
    return {
      page: PAGE,
      readyMadeMs: round(readyMade.ms, 0),
      msPerExample: round(readyMade.ms / 40, 1),
      readyMadeLongestTaskMs: round(readyMade.longestTask, 0),
      trainMs: summarize(runs.map((r) => r.ms)),
      trainLongestTaskMs: round(Math.max(...runs.map((r) => r.longestTask)), 0),
      heldOut
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
