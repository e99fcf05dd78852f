// What the robustness tests (test/browser/robustness-*.test.ts) share: the site (dist/, or ROBUSTNESS_SITE_DIR=<folder>
// for another build) with one Chromium and the corpus of bad and odd images, what each image must produce, pages
// watched for errors, CSP violations and dialogs, and the steps of choosing an image and waiting for the answer.
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, expect} from "vitest";
import config from "../../observablehq.config.js";
import {imageCorpus, type CorpusCase, type CorpusFile} from "./bad-images.js";
import {launchChromium} from "./browser.js";
import {DIST, serveSite} from "./site.js";
import type {StaticServer} from "./static-server.js";

export const SITE_DIR = process.env.ROBUSTNESS_SITE_DIR || DIST;

/**
 * Serves SITE_DIR, launches Chromium and makes the image corpus before a test file's tests, and closes them after;
 * call it at the top of the file and read its fields inside the tests. `watch(url)` opens a watched page.
 */
export function useRobustnessSite(): {
  readonly server: StaticServer;
  readonly browser: Browser;
  readonly corpus: Record<CorpusCase, CorpusFile>;
  watch(url: string): Promise<Watched>;
} {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let corpus: Record<CorpusCase, CorpusFile> | undefined;
  beforeAll(async () => {
    [server, browser, corpus] = await Promise.all([serveSite(SITE_DIR), launchChromium(), imageCorpus()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = () => {
    if (!server || !browser || !corpus) throw new Error("The site starts in beforeAll: use it inside a test.");
    return {server, browser, corpus};
  };
  return {
    get server() {
      return ready().server;
    },
    get browser() {
      return ready().browser;
    },
    get corpus() {
      return ready().corpus;
    },
    watch: (url) => watchPage(ready().browser, url)
  };
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  /** Content-Security-Policy violations, as "directive blocked-URI source". */
  violations(): Promise<string[]>;
  /** Dialogs the page opened (alert() from injected markup would land here). */
  dialogs: string[];
}

async function watchPage(browser: Browser, url: string): Promise<Watched> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, "__cspViolations", {value: seen});
    addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`)
    );
  });
  await page.goto(url);
  const violations = () => page.evaluate(() => (window as unknown as {__cspViolations: string[]}).__cspViolations);
  return {page, context, errors, violations, dialogs};
}

/** The pages in the site's configuration, as paths. */
export function configuredPages(): string[] {
  type Entry = {path?: string; pages?: Entry[]};
  const walk = (entries: readonly Entry[]): string[] =>
    entries.flatMap((e) => [...(e.path ? [e.path] : []), ...walk(e.pages ?? [])]);
  return walk(config.pages as Entry[]);
}

export const photo = (page: Page) => page.locator("canvas.photo");
export const imageProblem = (page: Page) => page.locator('[role="alert"]', {hasText: "That image can't be used"});

export async function waitForPrediction(page: Page): Promise<string[]> {
  await expect.poll(() => page.locator(".top-classes li").count(), {timeout: 60_000}).toBe(3);
  return page.locator(".top-classes-label").allTextContents();
}

/** What a choice should lead to: the photo shown under this title, or a refusal whose message names this file. */
export type Outcome = {shows: string} | {refuses: string};

/**
 * Does `action` (a click, an upload) and waits until the page has reacted to it: the expected photo or refusal panel
 * is drawn, and after it the results list (for a refusal, drawn again from the image kept on screen). Returns the new
 * top labels. A MutationObserver sees the order of the two, so a results list redrawn for another reason (the page
 * width changing) is not mistaken for the answer.
 */
export async function afterChoice(page: Page, action: () => Promise<void>, outcome: Outcome): Promise<string[]> {
  await page.evaluate((outcome) => {
    const isSignal = (node: Element) =>
      "shows" in outcome
        ? node.matches("canvas.photo") && node.getAttribute("aria-label") === `The photo you chose: ${outcome.shows}`
        : node.matches('[role="alert"]') &&
          node.textContent!.includes("That image can't be used") &&
          node.textContent!.includes(outcome.refuses);
    const isResults = (node: Element) => node.matches(".top-classes") || node.querySelector(".top-classes") !== null;
    (window as unknown as {__choiceDone: Promise<void>}).__choiceDone = new Promise<void>((resolve) => {
      let signalled = false;
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (!(node instanceof Element)) continue;
            if ([node, ...node.querySelectorAll("canvas.photo, [role=alert]")].some(isSignal)) signalled = true;
            else if (signalled && isResults(node)) {
              observer.disconnect();
              resolve();
              return;
            }
          }
        }
      });
      observer.observe(document.body, {childList: true, subtree: true});
    });
  }, outcome);
  await action();
  const done = page.evaluate(() => (window as unknown as {__choiceDone: Promise<void>}).__choiceDone);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`No ${JSON.stringify(outcome)} followed by new results within 30 s`)),
      30_000
    );
  });
  await Promise.race([done, late]).finally(() => clearTimeout(timer));
  return page.locator(".top-classes-label").allTextContents();
}

export function upload(page: Page, file: CorpusFile): Promise<void> {
  return page
    .locator('input[type="file"]')
    .setInputFiles({name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.bytes)});
}

/** The RGBA of one pixel of the photo canvas on the page. */
export function pixelAt(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ([x, y]) => {
      const canvas = document.querySelector<HTMLCanvasElement>("canvas.photo")!;
      return [...canvas.getContext("2d")!.getImageData(x!, y!, 1, 1).data];
    },
    [x, y]
  );
}

export async function photoState(page: Page) {
  return photo(page).evaluate((canvas: HTMLCanvasElement) => ({
    label: canvas.getAttribute("aria-label") ?? "",
    width: canvas.width,
    height: canvas.height
  }));
}

export function near(actual: number[], expected: number[], tolerance: number): boolean {
  return expected.every((value, i) => Math.abs(actual[i]! - value) <= tolerance);
}

/** tf.memory().numTensors as the page's own tfjs sees it: the page exposes nothing, so import the module it loaded. */
export function tensorCount(page: Page): Promise<number> {
  // A string, so that the test runner's transform leaves the page's import() alone.
  return page.evaluate(`(async () => {
    const link = document.querySelector('link[rel="modulepreload"][href*="/_node/@tensorflow/tfjs-core@"][href*="/index."]');
    if (!link) throw new Error("no modulepreload link for @tensorflow/tfjs-core on this page");
    return (await import(link.href)).memory().numTensors;
  })()`);
}

/** What each file must produce: refused with a message matching `refused`, or shown at `size` with `notes`, with a
 * pixel check where the file's content is known. */
export type Expectation =
  | {refused: RegExp; within?: number}
  | {
      size: [number, number];
      notes?: RegExp;
      noNotes?: true;
      pixel?: {at: [number, number]; rgb: number[]; tolerance: number};
    };

export const EXPECTED: Record<CorpusCase, Expectation> = {
  text: {refused: /“notes\.txt” is a text file, not an image this page can use\. It accepts JPEG, PNG, GIF or WebP/},
  pdf: {refused: /“report\.pdf” is a PDF document.*JPEG, PNG, GIF or WebP/},
  zip: {refused: /“photos\.zip” is a ZIP archive.*JPEG, PNG, GIF or WebP/},
  empty: {refused: /“empty\.png” is empty \(0 bytes\).*JPEG, PNG, GIF or WebP/},
  truncatedJpeg: {refused: /“cut\.jpg” starts like a JPEG file, but it is cut off.*get or export the file again/},
  truncatedPng: {refused: /“cut\.png” starts like a PNG file, but it is cut off/},
  corruptPng: {
    refused:
      /“garbled\.png” starts like a PNG file, but the browser could not decode its image data: the file is damaged/
  },
  bmp: {refused: /“photo\.bmp” is a BMP image, not an image this page can use\. It accepts JPEG, PNG, GIF or WebP/},
  tiff: {refused: /“photo\.tiff” is a TIFF image.*JPEG, PNG, GIF or WebP/},
  bomb: {
    refused:
      /“bomb\.png” says it is 20000×20000 pixels \(400 megapixels\)\. This page refuses images over 40 megapixels/,
    within: 3000
  },
  tiny: {size: [1, 1], noNotes: true, pixel: {at: [0, 0], rgb: [9, 99, 199], tolerance: 0}},
  wide: {size: [10000, 100], noNotes: true},
  greyscale: {size: [4, 2], notes: /greyscale/, pixel: {at: [3, 1], rgb: [100, 100, 100], tolerance: 0}},
  rgba: {
    size: [2, 2],
    notes: /transparent pixels \(50\.0% of it\), shown on white/,
    pixel: {at: [0, 0], rgb: [255, 255, 255], tolerance: 0}
  },
  cmyk: {
    size: [8, 8],
    notes: /CMYK colours were converted to RGB/,
    pixel: {at: [4, 4], rgb: [200, 30, 30], tolerance: 40}
  },
  png16: {size: [4, 4], notes: /16 bits per channel/, pixel: {at: [0, 0], rgb: [200, 30, 30], tolerance: 1}},
  // Stored 40×20 sideways with red on the left; upright it is 20×40, red at the top.
  exifRotated: {
    size: [20, 40],
    notes: /EXIF orientation \(6\) was applied, turning it/,
    pixel: {at: [10, 5], rgb: [255, 0, 0], tolerance: 40}
  },
  animatedGif: {
    size: [6, 4],
    notes: /animated \(2 frames\): the model sees the first frame only/,
    pixel: {at: [5, 3], rgb: [255, 0, 0], tolerance: 0}
  },
  webp: {size: [5, 5], noNotes: true, pixel: {at: [2, 2], rgb: [0, 128, 255], tolerance: 0}},
  misnamed: {size: [3, 3], noNotes: true, pixel: {at: [1, 1], rgb: [0, 200, 0], tolerance: 0}},
  hostileName: {size: [3, 3], noNotes: true, pixel: {at: [1, 1], rgb: [0, 0, 200], tolerance: 0}}
};
