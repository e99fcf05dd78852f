// The home page in Chromium: a real top-3 for a sample photo, no console errors, no request leaving 127.0.0.1.
import {readdir, readFile} from "node:fs/promises";
import {join} from "node:path";
import {expect, test} from "vitest";
import {PROJECT_ROOT} from "../../components/node/assets.js";
import {IMAGENET_CLASSES, shortLabel} from "../../components/pipeline/classes.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";
import {DIST} from "../helpers/site.js";

const site = useSiteAndBrowser();

test("the home page classifies the sample cat with the real model", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/?image=cat.png`);
  const items = page.locator(".top-classes li");
  await expect.poll(() => items.count(), {timeout: 60_000}).toBe(3);
  const labels = await page.locator(".top-classes-label").allTextContents();
  // Short labels, as everywhere in the lesson; the full label in each one's tooltip.
  const known = new Set(IMAGENET_CLASSES.map((c) => shortLabel(c.index)));
  for (const label of labels) expect(known.has(label)).toBe(true);
  expect(labels[0]).toMatch(/cat/i);
  expect(await page.locator(".model-backend").textContent()).toMatch(
    /MobileNet v1 0\.25 .*running on TensorFlow\.js's wasm backend/
  );
  const values = (await page.locator(".top-classes-value").allTextContents()).map((text) => parseFloat(text));
  expect(values[0]).toBeGreaterThan(values[1]!);
  expect(values.every((v) => v > 0 && v < 100)).toBe(true);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("the home page fetches only what its first prediction needs, and small copies of the samples for the picker", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/`);
  await expect.poll(() => page.locator(".top-classes li").count(), {timeout: 60_000}).toBe(3);
  await page.waitForLoadState("networkidle");
  const paths = requests.map((url) => new URL(url).pathname);
  // WebGL, CPU and tfjs-layers are loaded only where needed (no WASM; no WebGL either; the v1 0.75 model).
  for (const unneeded of [
    "/@tensorflow/tfjs@",
    "tfjs-backend-webgl",
    "tfjs-backend-cpu",
    "tfjs-layers",
    "tfjs-data",
    "register_all"
  ]) {
    expect(
      paths.filter((path) => path.includes(unneeded)),
      unneeded
    ).toEqual([]);
  }
  const thumbnails = await page
    .locator(".image-picker-gallery img")
    .evaluateAll((imgs) => imgs.map((img) => new URL((img as HTMLImageElement).src).pathname));
  expect(thumbnails).toHaveLength(7);
  for (const path of thumbnails) expect(path).toMatch(/^\/_file\/data\/thumbs\/\w+\.[0-9a-f]{8}\.jpg$/);
  // Of the full photos, only the one shown.
  expect(paths.filter((path) => path.startsWith("/_file/data/photos/"))).toEqual([
    expect.stringMatching(/^\/_file\/data\/photos\/cat\./)
  ]);
  expect(errors).toEqual([]);
});

test("Chromium draws each sample served as a lossless WebP with the very pixels of its PNG", async () => {
  const {page, errors} = await openPage(site.browser, `${site.url}/`);
  for (const stem of ["cat", "bird", "dragonfly", "grace_hopper"]) {
    const [webp] = (await readdir(join(DIST, "_file/data/photos"))).filter((file) =>
      new RegExp(`^${stem}\\.[0-9a-f]{8}\\.webp$`).test(file)
    );
    expect(webp, `${stem}.webp in the built site`).toBeDefined();
    const png = (await readFile(join(PROJECT_ROOT, "data", "photos", `${stem}.png`))).toString("base64");
    const differing = await page.evaluate(
      async ([pngBase64, webpUrl]) => {
        const pixels = async (blob: Blob) => {
          const bitmap = await createImageBitmap(blob, {imageOrientation: "from-image"});
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext("2d")!;
          context.drawImage(bitmap, 0, 0);
          return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
        };
        const pngBytes = Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0));
        const a = await pixels(new Blob([pngBytes], {type: "image/png"}));
        const b = await pixels(await (await fetch(webpUrl)).blob());
        if (a.length !== b.length) return -1;
        let count = 0;
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
        return count;
      },
      [png, `/_file/data/photos/${webp}`] as const
    );
    expect(differing, `${stem}: values that differ between the PNG and the WebP`).toBe(0);
  }
  expect(errors).toEqual([]);
  await page.context().close();
});

test.each([
  {without: "WebAssembly", backend: "webgl", hide: ["delete globalThis.WebAssembly;"]},
  {
    without: "WebAssembly and WebGL",
    backend: "cpu",
    hide: [
      "delete globalThis.WebAssembly;",
      `for (const Canvas of [HTMLCanvasElement, globalThis.OffscreenCanvas].filter(Boolean)) {
        const getContext = Canvas.prototype.getContext;
        Canvas.prototype.getContext = function (type, ...rest) { return /webgl/.test(type) ? null : getContext.call(this, type, ...rest); };
      }`
    ]
  }
])(
  "without $without, the home page loads the $backend backend and still classifies the cat",
  async ({backend, hide}) => {
    const context = await site.browser.newContext();
    try {
      for (const script of hide) await context.addInitScript(script);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${site.url}/?image=cat.png`);
      await expect.poll(() => page.locator(".top-classes li").count(), {timeout: 60_000}).toBe(3);
      expect((await page.locator(".top-classes-label").first().textContent())!).toMatch(/cat/i);
      // The page's own tfjs, found through its preload link (the page exposes nothing).
      const used = await page.evaluate(`(async () => {
      const link = document.querySelector('link[rel="modulepreload"][href*="/@tensorflow/tfjs-core@"][href*="/index."]');
      return (await import(link.href)).getBackend();
    })()`);
      expect(used).toBe(backend);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }
);
