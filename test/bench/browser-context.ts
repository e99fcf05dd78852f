// What every browser measurement of the bench shares: a context that records long tasks and the first prediction,
// the long-task figure, waiting for a quiet page, and where a page's file is in the built site.
import type {Browser, BrowserContext, Page} from "playwright-core";
import {join} from "node:path";
import {round} from "./stats.js";

export interface LongTaskFigure {
  count: number;
  totalMs: number;
  maxMs: number;
}

export type NotMeasured = {measured: false; reason: string};

// Functions passed to page.evaluate run in the page as their source text: no named inner functions in them, since
// tsx's transform wraps those in a __name() helper that exists only in Node.

/** Records, in every document of a context, the long tasks and when the first prediction becomes visible. */
export const RECORDER = `(() => {
  const bench = (window.__bench = {ttfp: null, longTasks: []});
  performance.setResourceTimingBufferSize(1000);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({start: entry.startTime, duration: entry.duration});
    }).observe({type: "longtask", buffered: true});
  } catch {}
  const check = () => {
    const item = document.querySelector(".top-classes li");
    if (item && item.getBoundingClientRect().height > 0) bench.ttfp = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

export interface BenchWindow {
  __bench: {ttfp: number | null; longTasks: {start: number; duration: number}[]};
}

export const LOAD_TIMEOUT = 90_000;

export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({colorScheme: "light", viewport: {width: 1280, height: 900}});
  await context.addInitScript(RECORDER);
  return context;
}

export function longTaskFigure(tasks: readonly {duration: number}[]): LongTaskFigure {
  return {
    count: tasks.length,
    totalMs: round(
      tasks.reduce((sum, task) => sum + task.duration, 0),
      0
    ),
    maxMs: round(Math.max(0, ...tasks.map((task) => task.duration)), 0)
  };
}

/** Waits until the page's DOM has not changed for `quietMs` (or `timeoutMs` passed); returns the time it last changed. */
export function waitForQuiet(page: Page, quietMs: number, timeoutMs: number): Promise<number> {
  return page.evaluate(
    ([quiet, timeout]) =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        const observer = new MutationObserver(() => (last = performance.now()));
        observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
        const start = performance.now();
        const timer = setInterval(() => {
          const now = performance.now();
          if (now - last >= quiet || now - start >= timeout) {
            clearInterval(timer);
            observer.disconnect();
            resolve(last);
          }
        }, 50);
      }),
    [quietMs, timeoutMs] as const
  );
}

/** A page's path ("/softmax") → its file in the built site. */
export function pageFile(siteDir: string, path: string): string {
  return join(siteDir, `${path.replace(/^\//, "") || "index"}.html`);
}
