// The site in Chromium when things go wrong: every kind of bad (or merely odd) file a reader can upload, the network
// going away, a build without a model, many image changes in a row (no tensor may leak), and the
// Content-Security-Policy, which must hold on every page without a single violation.
//
// Runs on dist/ (built by the browser project's global setup); ROBUSTNESS_SITE_DIR=<folder> runs it on another build.
import {spawn} from "node:child_process";
import {cp, mkdtemp, readFile, rm, symlink, writeFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import config from "../../observablehq.config.js";
import {IMAGENET_CLASSES} from "../../components/pipeline/classes.js";
import {imageCorpus, solid, type CorpusCase, type CorpusFile} from "../helpers/bad-images.js";
import {launchChromium} from "../helpers/browser.js";
import {CROSS_ORIGIN_ISOLATION, DIST, serveSite} from "../helpers/site.js";
import type {StaticServer} from "../helpers/static-server.js";

const PROJECT = new URL("../..", import.meta.url).pathname;
const SITE_DIR = process.env.ROBUSTNESS_SITE_DIR || DIST;

let server: StaticServer;
let browser: Browser;
let corpus: Record<CorpusCase, CorpusFile>;

beforeAll(async () => {
  [server, browser, corpus] = await Promise.all([serveSite(SITE_DIR), launchChromium(), imageCorpus()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers

interface Watched {
  page: Page;
  context: BrowserContext;
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  /** Content-Security-Policy violations, as "directive blocked-URI source". */
  violations(): Promise<string[]>;
  /** Dialogs the page opened (alert() from injected markup would land here). */
  dialogs: string[];
}

async function watch(url: string): Promise<Watched> {
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
function configuredPages(): string[] {
  type Entry = {path?: string; pages?: Entry[]};
  const walk = (entries: readonly Entry[]): string[] =>
    entries.flatMap((e) => [...(e.path ? [e.path] : []), ...walk(e.pages ?? [])]);
  return walk(config.pages as Entry[]);
}

const photo = (page: Page) => page.locator("canvas.photo");
const imageProblem = (page: Page) => page.locator('[role="alert"]', {hasText: "That image can't be used"});

async function waitForPrediction(page: Page): Promise<string[]> {
  await expect.poll(() => page.locator(".top-classes li").count(), {timeout: 60_000}).toBe(3);
  return page.locator(".top-classes-label").allTextContents();
}

/** What a choice should lead to: the photo shown under this title, or a refusal whose message names this file. */
type Outcome = {shows: string} | {refuses: string};

/**
 * Does `action` (a click, an upload) and waits until the page has reacted to it: the expected photo or refusal panel
 * is drawn, and after it the results list (for a refusal, drawn again from the image kept on screen). Returns the new
 * top labels. A MutationObserver sees the order of the two, so a results list redrawn for another reason (the page
 * width changing) is not mistaken for the answer.
 */
async function afterChoice(page: Page, action: () => Promise<void>, outcome: Outcome): Promise<string[]> {
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

function upload(page: Page, file: CorpusFile): Promise<void> {
  return page
    .locator('input[type="file"]')
    .setInputFiles({name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.bytes)});
}

/** The RGBA of one pixel of the photo canvas on the page. */
function pixelAt(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ([x, y]) => {
      const canvas = document.querySelector<HTMLCanvasElement>("canvas.photo")!;
      return [...canvas.getContext("2d")!.getImageData(x!, y!, 1, 1).data];
    },
    [x, y]
  );
}

async function photoState(page: Page) {
  return photo(page).evaluate((canvas: HTMLCanvasElement) => ({
    label: canvas.getAttribute("aria-label") ?? "",
    width: canvas.width,
    height: canvas.height
  }));
}

function near(actual: number[], expected: number[], tolerance: number): boolean {
  return expected.every((value, i) => Math.abs(actual[i]! - value) <= tolerance);
}

/** tf.memory().numTensors as the page's own tfjs sees it: the page exposes nothing, so import the module it loaded. */
function tensorCount(page: Page): Promise<number> {
  // A string, so that the test runner's transform leaves the page's import() alone.
  return page.evaluate(`(async () => {
    const link = document.querySelector('link[rel="modulepreload"][href*="/_node/@tensorflow/tfjs-core@"][href*="/index."]');
    if (!link) throw new Error("no modulepreload link for @tensorflow/tfjs-core on this page");
    return (await import(link.href)).memory().numTensors;
  })()`);
}

// ---------------------------------------------------------------------------------------------------------------
// Uploads

/** What each file must produce: refused with a message matching `refused`, or shown at `size` with `notes`, with a
 * pixel check where the file's content is known. */
type Expectation =
  | {refused: RegExp; within?: number}
  | {
      size: [number, number];
      notes?: RegExp;
      noNotes?: true;
      pixel?: {at: [number, number]; rgb: number[]; tolerance: number};
    };

const EXPECTED: Record<CorpusCase, Expectation> = {
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

describe("uploads", () => {
  test(
    "every file of the corpus is shown or refused as expected; a refusal keeps the last good image and results",
    {timeout: 240_000},
    async () => {
      const {page, errors, dialogs, violations, context} = await watch(`${server.url}/?image=cat.png`);
      const report: string[] = [];
      try {
        let lastGood = {labels: await waitForPrediction(page), photo: await photoState(page)};
        expect(lastGood.photo.label).toBe("The photo you chose: Cat");

        for (const [name, expected] of Object.entries(EXPECTED) as [CorpusCase, Expectation][]) {
          const file = corpus[name];
          const started = Date.now();
          const labels = await afterChoice(
            page,
            () => upload(page, file),
            "refused" in expected ? {refuses: file.name} : {shows: file.name}
          );
          const elapsed = Date.now() - started;
          if ("refused" in expected) {
            const panel = imageProblem(page);
            await expect.poll(() => panel.count()).toBe(1);
            const message = (await panel.textContent()) ?? "";
            report.push(`${name} (${file.name}): refused in ${elapsed} ms: ${message}`);
            expect(message, name).toMatch(expected.refused);
            expect(message, name).toContain(
              `The page still shows ${lastGood.photo.label.replace("The photo you chose: ", "")}.`
            );
            if (expected.within) expect(elapsed, `${name} took ${elapsed} ms`).toBeLessThan(expected.within);
            // The previous image and its results stay.
            expect(await photoState(page)).toEqual(lastGood.photo);
            expect(labels).toEqual(lastGood.labels);
          } else {
            await expect
              .poll(() => imageProblem(page).allTextContents(), {message: `${name} should not be refused`})
              .toEqual([]);
            const state = await photoState(page);
            const notes = (await page.locator(".image-notes").textContent()) ?? "";
            report.push(
              `${name} (${file.name}): shown ${state.width}×${state.height}; notes: ${notes || "none"}; top: ${labels.join(", ")}`
            );
            expect(state.label).toBe(`The photo you chose: ${file.name}`);
            expect([state.width, state.height], name).toEqual(expected.size);
            if (expected.notes) expect(notes, name).toMatch(expected.notes);
            if (expected.noNotes) expect(notes, name).toBe("");
            if (expected.pixel) {
              const [x, y] = expected.pixel.at;
              const rgba = await pixelAt(page, x, y);
              expect(
                near(rgba, [...expected.pixel.rgb, 255], expected.pixel.tolerance),
                `${name} pixel (${x}, ${y}) = ${rgba}`
              ).toBe(true);
            }
            const known = new Set(IMAGENET_CLASSES.map((c) => c.label));
            expect(labels.every((label) => known.has(label))).toBe(true);
            lastGood = {labels, photo: state};
          }
        }
        console.log(`Upload outcomes:\n  ${report.join("\n  ")}`);

        // The hostile name was shown as text everywhere: no element was made from it, nothing ran.
        expect(await page.locator('img[src="x"]').count()).toBe(0);
        expect(await page.locator(".image-picker-current").textContent()).toBe(
          "Chosen: <img src=x onerror=alert(1)>.png"
        );
        expect(dialogs).toEqual([]);
        expect(errors).toEqual([]);
        expect(await violations()).toEqual([]);
      } finally {
        await context.close();
      }
    }
  );

  test("a refused file with a hostile name shows the name literally in the panel", async () => {
    const {page, errors, dialogs, context} = await watch(`${server.url}/?image=cat.png`);
    try {
      await waitForPrediction(page);
      const name = `<img src=x onerror=alert(1)>.txt`;
      await afterChoice(
        page,
        () => upload(page, {name, mimeType: "text/plain", bytes: new TextEncoder().encode("hello")}),
        {refuses: name}
      );
      expect(await imageProblem(page).textContent()).toContain(`“${name}” is a text file`);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test("a refused choice is not saved: the other pages and a reload keep the last good image", async () => {
    const {page, errors, context} = await watch(`${server.url}/?image=cat.png`);
    try {
      await waitForPrediction(page);
      await afterChoice(page, () => page.locator('button[data-name="parrot.jpg"]').click(), {shows: "Parrot"});
      expect((await photoState(page)).label).toBe("The photo you chose: Parrot");
      await afterChoice(page, () => upload(page, corpus.pdf), {refuses: corpus.pdf.name});
      await expect.poll(() => imageProblem(page).count()).toBe(1);
      expect(new URL(page.url()).searchParams.get("image")).toBe("parrot.jpg");
      // Without ?image=, the page starts from what was saved (IndexedDB): still the parrot.
      await page.goto(`${server.url}/`);
      await waitForPrediction(page);
      expect((await photoState(page)).label).toBe("The photo you chose: Parrot");
      expect(await imageProblem(page).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Network, memory, CSP

test("a model that loaded once keeps working if the reader goes offline", async () => {
  const {page, errors, context} = await watch(`${server.url}/?image=cat.png`);
  try {
    const before = await waitForPrediction(page);
    // The picker shows small copies of the samples; a photo itself is downloaded when chosen, and then kept.
    const online = await afterChoice(page, () => page.locator('button[data-name="hot_dog.jpg"]').click(), {
      shows: "Hot dog"
    });
    await afterChoice(page, () => page.locator('button[data-name="cat.png"]').click(), {shows: "Cat"});
    await context.setOffline(true);
    const after = await afterChoice(page, () => page.locator('button[data-name="hot_dog.jpg"]').click(), {
      shows: "Hot dog"
    });
    expect((await photoState(page)).label).toBe("The photo you chose: Hot dog");
    expect(await imageProblem(page).count()).toBe(0);
    expect(after).not.toEqual(before);
    expect(after).toEqual(online);
    expect(after.join(" ")).toMatch(/hotdog|hot dog/i);
    // A sample never chosen before cannot be downloaded now: the page says so and keeps the hot dog.
    await afterChoice(page, () => page.locator('button[data-name="parrot.jpg"]').click(), {refuses: "Parrot"});
    expect(await imageProblem(page).textContent()).toMatch(
      /photo “Parrot” could not be downloaded\. Check your connection, or use your own photo\. The page still shows Hot dog/
    );
    expect((await photoState(page)).label).toBe("The photo you chose: Hot dog");
    // An upload needs no network at all.
    const own = await afterChoice(page, () => upload(page, corpus.webp), {shows: corpus.webp.name});
    expect(own).toHaveLength(3);
    expect((await photoState(page)).label).toBe("The photo you chose: photo.webp");
    // The browser itself logs the parrot's failed download; nothing else may go wrong.
    expect(errors.filter((error) => !error.includes("net::ERR_INTERNET_DISCONNECTED"))).toEqual([]);
  } finally {
    await context.close();
  }
});

test("200 image changes leave no tensor behind", {timeout: 300_000}, async () => {
  const {page, errors, context} = await watch(`${server.url}/?image=cat.png`);
  try {
    await waitForPrediction(page);
    const baseline = await tensorCount(page);
    expect(baseline, "the model's weights are tensors: a count of 0 would mean another tfjs instance").toBeGreaterThan(
      50
    );
    const samples = await page
      .locator(".image-picker-gallery button")
      .evaluateAll((buttons) =>
        buttons.map((b) => ({name: (b as HTMLElement).dataset.name!, title: (b as HTMLElement).title}))
      );
    const uploads = (["pdf", "tiny", "bomb", "rgba", "truncatedJpeg", "animatedGif"] as const).map((name) => ({
      file: corpus[name],
      outcome: "refused" in EXPECTED[name] ? {refuses: corpus[name].name} : {shows: corpus[name].name}
    }));
    for (let cycle = 0; cycle < 200; cycle++) {
      if (cycle % 5 === 4) {
        const {file, outcome} = uploads[Math.floor(cycle / 5) % uploads.length]!;
        await afterChoice(page, () => upload(page, file), outcome);
      } else {
        const sample = samples[cycle % samples.length]!;
        await afterChoice(page, () => page.locator(`button[data-name="${sample.name}"]`).click(), {
          shows: sample.title
        });
      }
    }
    await afterChoice(page, () => page.locator('button[data-name="cat.png"]').click(), {shows: "Cat"});
    expect(await tensorCount(page)).toBe(baseline);
    console.log(`Tensors after 200 image changes: ${baseline}, as before them.`);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

describe("Content-Security-Policy", () => {
  test("every page carries it and runs under it with no violation", {timeout: 240_000}, async () => {
    const report: string[] = [];
    for (const path of configuredPages()) {
      const {page, errors, violations, context} = await watch(`${server.url}${path}`);
      try {
        const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
        expect(policy, path).toMatch(/default-src 'self'/);
        expect(policy, path).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;| )/); // inline scripts by hash only
        expect(policy, path).not.toMatch(/'unsafe-eval'/); // only the preview server needs eval()
        await page.waitForLoadState("networkidle");
        await page.waitForTimeout(1500);
        const seen = await violations();
        report.push(`${path}: ${seen.length} violations, ${errors.length} console errors`);
        expect(seen, path).toEqual([]);
        expect(errors, path).toEqual([]);
      } finally {
        await context.close();
      }
    }
    console.log(`CSP:\n  ${report.join("\n  ")}`);
  });

  test("on a host that makes pages cross-origin isolated, tfjs's threaded WebAssembly runs under the policy", async () => {
    const isolated = await serveSite(SITE_DIR, CROSS_ORIGIN_ISOLATION);
    const {page, errors, violations, context} = await watch(`${isolated.url}/`);
    try {
      await page.locator(".top-classes li").first().waitFor({timeout: 60_000});
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      // tfjs takes half the cores for WebAssembly threads (so one on a two-core machine, which the line doesn't mention).
      expect(await page.locator(".model-backend").textContent()).toMatch(/wasm( \(\d+ threads\))? backend/);
      expect(await page.locator(".top-classes li").first().textContent()).toContain("Egyptian cat");
      expect(await violations()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await isolated.close();
    }
  });

  test("the policy really blocks what it should: a script from another origin does not run", async () => {
    const {page, violations, context} = await watch(`${server.url}/`);
    try {
      await page.evaluate(() => {
        const script = document.createElement("script");
        script.src = "https://example.com/evil.js";
        document.head.append(script);
      });
      await expect
        .poll(violations)
        .toEqual([expect.stringMatching(/^script-src-elem https:\/\/example\.com\/evil\.js/)]);
    } finally {
      await context.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A build without a model

/** Copies the project (not its outputs, caches or node_modules, which is linked) to a temporary folder, points every
 * upstream address at a closed local port, and builds it with no assets folder, no copy in data/ and an empty cache. */
async function buildWithoutModel(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "robust-site-"));
  const skipped = [
    "node_modules",
    "dist",
    ".git",
    "data/cache",
    "data/models",
    "data/photos",
    "src/.observablehq/cache",
    "test-results"
  ];
  await cp(PROJECT, root, {
    recursive: true,
    verbatimSymlinks: true, // src/components → ../components must stay relative
    filter: (source) => !skipped.includes(relative(PROJECT, source))
  });
  await symlink(join(PROJECT, "node_modules"), join(root, "node_modules"), "dir");
  // Framework's bundles of npm packages (never the data loaders' outputs) spare a minute of bundling tfjs.
  const bundles = join(PROJECT, "src/.observablehq/cache/_node");
  if (existsSync(bundles)) await cp(bundles, join(root, "src/.observablehq/cache/_node"), {recursive: true});
  for (const manifest of ["data/models.json", "data/photos.json"]) {
    const path = join(root, manifest);
    const offline = (await readFile(path, "utf8")).replace(
      /"(base|upstream)": "https?:\/\/[^"]*"/g,
      '"$1": "http://127.0.0.1:9/offline/"'
    );
    await writeFile(path, offline);
  }
  const env = {
    ...process.env,
    MOBILENET_ASSETS: join(root, "no-such-assets"),
    MOBILENET_CACHE: join(root, "empty-cache")
  };
  const output: string[] = [];
  const status = await new Promise<number | null>((resolve) => {
    const child = spawn("npx", ["observable", "build"], {cwd: root, env, stdio: ["ignore", "pipe", "pipe"]});
    child.stdout.on("data", (chunk) => output.push(String(chunk)));
    child.stderr.on("data", (chunk) => output.push(String(chunk)));
    child.on("close", resolve);
  });
  if (status !== 0) throw new Error(`The model-less build failed (exit ${status}):\n${output.join("").slice(-3000)}`);
  expect(output.join("")).toMatch(/built WITHOUT/);
  return root;
}

describe("a site built without the model", () => {
  let root: string | undefined;
  let bare: StaticServer | undefined;

  afterAll(async () => {
    await bare?.close();
    if (root) await rm(root, {recursive: true, force: true});
  });

  test("explains the missing model, and the steps that need no model still work", {timeout: 300_000}, async () => {
    root = await buildWithoutModel();
    bare = await serveSite(join(root, "dist"));

    const {page, errors, violations, context} = await watch(`${bare.url}/`);
    try {
      const modelPanel = page.locator('[role="alert"]', {hasText: "The model could not be loaded"});
      await modelPanel.waitFor({timeout: 30_000});
      expect(await modelPanel.textContent()).toMatch(
        /built without MobileNet.*restore the project's data\/ folder .* and rebuild the site/
      );
      // The sample photos came from the same missing assets: the page says so instead of failing.
      await expect.poll(() => imageProblem(page).textContent()).toMatch(/sample photo “Cat” is missing from this site/);
      // Your own photo still opens and is shown, with no model to classify it.
      const own = {
        name: "mine.png",
        mimeType: "image/png",
        bytes: new Uint8Array(await solid(64, 48, [30, 160, 90]).png().toBuffer())
      };
      await upload(page, own);
      await expect.poll(() => photo(page).count()).toBe(1);
      expect(await photoState(page)).toEqual({label: "The photo you chose: mine.png", width: 64, height: 48});
      expect(await imageProblem(page).count()).toBe(0);
      expect(errors).toEqual([]);
      expect(await violations()).toEqual([]);
    } finally {
      await context.close();
    }

    // Every other page loads without an uncaught error or a failed cell.
    const report: string[] = [];
    for (const path of configuredPages()) {
      const other = await watch(`${bare.url}${path}`);
      try {
        await other.page.waitForLoadState("networkidle");
        await other.page.waitForTimeout(2000);
        const failedCells = await other.page.locator(".observablehq--error").allTextContents();
        const panels = await other.page.locator('[role="alert"]').allTextContents();
        report.push(
          `${path}: ${panels.length} panels (${panels.map((p) => p.slice(0, 60)).join(" | ")}); failed cells: ${failedCells.length}`
        );
        expect(failedCells, path).toEqual([]);
        expect(other.errors, path).toEqual([]);
        expect(await other.violations(), path).toEqual([]);
      } finally {
        await other.context.close();
      }
    }
    console.log(`Model-less site:\n  ${report.join("\n  ")}`);
  });
});
