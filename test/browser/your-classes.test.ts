// The "Your own classes" page in Chromium: the ready-made set trains a new last layer whose loss falls and whose
// answer is [1, 2] logits with probabilities adding up to 1; a reload keeps the examples and the layer; the layer
// downloads and loads back, and a file that isn't one is refused; the camera (Chromium's fake one) adds examples.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, launchChromium, openPage} from "../helpers/browser.js";
import {liveTensors} from "../helpers/live-tensors.js";
import {DIST, serveSite} from "../helpers/site.js";
import type {StaticServer} from "../helpers/static-server.js";

const PAGE = "/further/your-classes";
const FAKE_CAMERA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];

let server: StaticServer;
let browser: Browser;
beforeAll(async () => {
  server = await serveSite();
  browser = await launchChromium(FAKE_CAMERA);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The number of thumbnails in each class card. */
const thumbnails = (page: Page) =>
  page.locator(".example-class").evaluateAll((cards) => cards.map((c) => c.querySelectorAll("li img").length));

/** The numbers in a print() text ("Tensor\n    [[0.1, 0.9],]"). */
const printedNumbers = (text: string | null) =>
  (text ?? "")
    .replace(/^Tensor/, "")
    .match(/-?\d[\d.]*(e[-+]?\d+)?/g)
    ?.map(Number) ?? [];

async function makeReadyMadeSet(page: Page): Promise<void> {
  await page.getByRole("button", {name: "Use the ready-made set (cat and bird)"}).click({timeout: 60_000});
  await expect.poll(() => thumbnails(page), {timeout: 60_000}).toEqual([20, 20]);
}

async function train(page: Page): Promise<void> {
  const button = page.getByRole("button", {name: "Train the new layer"});
  await expect.poll(() => button.isEnabled()).toBe(true);
  await button.click(); // takes away the last run's progress bar
  await page.locator(".your-classes-train .task-progress[data-state=done]").waitFor({timeout: 60_000});
}

/** The loss at every epoch, from the chart's table: [training, held-out] per row. */
async function losses(page: Page): Promise<number[][]> {
  const rows = await page
    .locator(".loss-chart .chart-table tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(1).map((td) => td.textContent)));
  return rows.map((row) => row.map(Number));
}

describe("with the ready-made set", () => {
  let page: Page;
  let requests: string[];
  let errors: string[];
  beforeAll(async () => {
    ({page, requests, errors} = await openPage(browser, `${server.url}${PAGE}`));
  });

  test("MobileNet's own last layer is shown as [1, 1, 256, 1001]", async () => {
    await expect
      .poll(() => page.locator(".own-weights-shape").textContent(), {timeout: 60_000})
      .toBe("[1, 1, 256, 1001]");
  });

  test("training shows a falling loss, then [1, 2] logits whose probabilities add up to 1", async () => {
    await makeReadyMadeSet(page);
    expect(
      await page
        .locator(".example-class-name")
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
    ).toEqual(["cat", "bird"]);
    await train(page);

    const table = await losses(page);
    expect(table.length).toBe(50);
    expect(table.at(-1)![0]).toBeLessThan(table[0]![0]! / 4);
    expect(table.at(-1)![1]).toBeLessThan(table[0]![1]! / 4);
    const summary = await page.locator(".layer-summary").textContent();
    expect(summary).toMatch(/The layer for cat, bird learnt from 32 examples over 50 epochs/);
    const [right, total] = /(\d+) of (\d+) right/
      .exec(summary ?? "")!
      .slice(1)
      .map(Number);
    expect(total).toBe(8);
    expect(right! / total!).toBeGreaterThanOrEqual(0.9);

    // The answer for the chosen photo (the cat, at first): [1, 2] logits and their softmax, as print() writes them.
    const answer = page.locator(".layer-answer");
    await expect.poll(() => answer.locator(".layer-logits-shape").textContent(), {timeout: 30_000}).toBe("[1, 2]");
    // The 256 numbers it reads, shortened by print() as tfjs shortens any long row.
    expect(await answer.locator(".layer-embedding").textContent()).toMatch(
      /^Tensor\n\s+\[\[[-\d.e, ]+\.\.\., [-\d.e, ]+\],\]$/
    );
    expect(printedNumbers(await answer.locator(".layer-logits").textContent())).toHaveLength(2);
    const probabilities = printedNumbers(await answer.locator(".layer-probabilities").textContent());
    expect(probabilities).toHaveLength(2);
    expect(probabilities[0]! + probabilities[1]!).toBeCloseTo(1, 5);
    expect(probabilities[0]).toBeGreaterThan(0.5); // a cat
    const mobilenetTop = answer.locator("section").nth(1).locator("li");
    expect(await mobilenetTop.count()).toBe(5);
    // Short labels, as on every page: "tabby", not mobilenet's "tabby, tabby cat".
    expect(await mobilenetTop.allTextContents()).toContainEqual(expect.stringMatching(/^\s*tabby\s*[\d.]+%\s*$/));

    // A photo of neither class still gets two probabilities that add up to 1.
    await expect
      .poll(() => page.locator(".stranger-sum").textContent(), {timeout: 30_000})
      .toMatch(/^(1|0\.99999\d*|1\.0000\d*)$/);
    expect(await page.locator(".stranger").textContent()).toMatch(/hot dog is none of your classes.*% cat, .*% bird/);

    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(foreignRequests(requests)).toEqual([]);
  });

  test("training again frees the last run's tensors", async () => {
    const before = await liveTensors(page);
    for (let run = 0; run < 3; run++) {
      await train(page);
      // Settled once the answer below has been worked out again with the new layer.
      await expect.poll(() => liveTensors(page), {timeout: 10_000}).toBe(before);
    }
  });

  test("Stop ends training early and keeps what the layer learnt so far", async () => {
    await page.getByRole("button", {name: "Train the new layer"}).click();
    await page.getByRole("button", {name: "Stop"}).click();
    await expect
      .poll(() => page.locator(".layer-summary").textContent(), {timeout: 30_000})
      .toMatch(/over (\d|[1-4]\d) epochs \(stopped early\)/);
    expect((await losses(page)).length).toBeLessThan(50);
    // Trained again in full, for the tests below.
    await train(page);
    await expect.poll(() => page.locator(".layer-summary").textContent()).toMatch(/over 50 epochs\./);
  });

  test("a reload keeps the examples and the trained layer", async () => {
    const summary = await page.locator(".layer-summary").textContent();
    const logits = await page.locator(".layer-logits").textContent();
    await page.reload();
    await expect.poll(() => thumbnails(page), {timeout: 60_000}).toEqual([20, 20]);
    await expect.poll(() => page.locator(".layer-summary").textContent(), {timeout: 60_000}).toBe(summary);
    await expect.poll(() => page.locator(".layer-logits").textContent(), {timeout: 60_000}).toBe(logits);
    expect((await losses(page)).length).toBe(50);
  });

  test("the layer downloads as a file and loads back; a file that isn't one is refused and changes nothing", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("link", {name: "Download the layer"}).click();
    const file = await (await download).path();
    expect(file).toBeTruthy();

    const logits = await page.locator(".layer-logits").textContent();
    const input = page.getByLabel("Load a layer file:");
    await input.setInputFiles({name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello")});
    const status = page.locator(".layer-file-status");
    await expect
      .poll(() => status.textContent())
      .toMatch(/^“notes.txt” is not a trained layer: it isn't JSON text.*Nothing was changed\.$/);
    expect(await status.getAttribute("role")).toBe("alert");
    await input.setInputFiles({
      name: "other.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"format": "something else"}')
    });
    await expect.poll(() => status.textContent()).toMatch(/^“other.json” is not a trained layer from this page/);
    expect(await page.locator(".layer-logits").textContent()).toBe(logits);

    await input.setInputFiles(file!);
    await expect.poll(() => status.textContent()).toMatch(/^Loaded “.*”: a layer for “cat”, “bird”\.$/);
    expect(await page.locator(".layer-logits").textContent()).toBe(logits);
  });

  test("an example is removed, a class renamed and added; the reader can start over", async () => {
    await page.getByRole("button", {name: "Remove cat example 1 (from cat.png)"}).click();
    await expect.poll(() => thumbnails(page)).toEqual([19, 20]);
    // Focus moves to the next example's button, not to the top of the page.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      "Remove cat example 1 (from cat.png)"
    );
    const name = page.getByRole("textbox", {name: "Name of class 2"});
    await name.fill("Cat");
    await name.press("Enter");
    await expect
      .poll(() => page.locator(".example-class-status").nth(1).textContent())
      .toBe("Another class is already called “Cat”.");
    expect(await name.inputValue()).toBe("bird");
    await name.fill("birds");
    await name.press("Enter");
    await expect.poll(() => page.locator(".example-class").nth(1).getAttribute("aria-label")).toBe("Class 2: birds");
    await page.getByRole("button", {name: "Add a class"}).click();
    await expect.poll(() => thumbnails(page)).toEqual([19, 20, 0]);
    await expect.poll(() => page.getByRole("button", {name: "Train the new layer"}).isDisabled()).toBe(true);
    await page.getByRole("button", {name: "Start over"}).click();
    await expect.poll(() => thumbnails(page)).toEqual([0, 0]);
    await expect.poll(() => page.locator(".layer-summary").textContent()).toMatch(/^No layer yet/);
  });
});

test("photos join a class from its file button, by drag and drop, and by pasting into it; a file that isn't an image is named", async () => {
  const {page, errors} = await openPage(browser, `${server.url}${PAGE}`);
  const card = page.locator(".example-class").first();
  const thumbsDir = join(DIST, "_file/data/thumbs");
  const owl = readFileSync(
    join(
      thumbsDir,
      readdirSync(thumbsDir).find((file) => file.startsWith("owl."))!
    )
  );
  await card.getByLabel("Add photos to “class 1”:").setInputFiles([
    {name: "owl.jpg", mimeType: "image/jpeg", buffer: owl},
    {name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture")}
  ]);
  await expect.poll(() => thumbnails(page), {timeout: 30_000}).toEqual([1, 0]);
  await expect
    .poll(() => card.locator(".example-class-status").textContent())
    .toMatch(/^“notes.txt” is .*not an image this page can use/);
  expect(await card.locator("img").first().getAttribute("alt")).toBe("class 1 example 1 (from owl.jpg)");

  // Drop and paste hand the page a File, as the browser would; here it is made from a gallery thumbnail.
  const second = page.locator(".example-class").nth(1);
  const send = (target: typeof card, kind: "drop" | "paste", photo: string) =>
    target.evaluate(
      async (node, {kind, photo}) => {
        const src = document.querySelector(`.image-picker-gallery img[alt="${photo}"]`)!.getAttribute("src")!;
        const blob = await (await fetch(src)).blob();
        const data = new DataTransfer();
        data.items.add(new File([blob], `${photo}.jpg`, {type: "image/jpeg"}));
        const event =
          kind === "drop"
            ? new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true})
            : new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true});
        node.dispatchEvent(event);
      },
      {kind, photo}
    );
  await send(second, "drop", "Parrot");
  await expect.poll(() => thumbnails(page), {timeout: 30_000}).toEqual([1, 1]);
  await send(second, "paste", "Bird");
  await expect.poll(() => thumbnails(page), {timeout: 30_000}).toEqual([1, 2]);
  expect(await second.locator("img").nth(1).getAttribute("alt")).toBe("class 2 example 2 (from Bird.jpg)");
  // The paste went to the class, not to the image picker further down.
  expect(await page.locator(".image-picker-current").textContent()).toBe("");
  expect(errors).toEqual([]);
});

test("the camera (Chromium's fake one) adds examples to the class it is taken for, and a picture to test", async () => {
  const {page, errors, requests} = await openPage(browser, `${server.url}${PAGE}`);
  await page.getByRole("button", {name: "Start the camera"}).click({timeout: 60_000});
  await page.locator(".camera-box video:not([hidden])").waitFor({timeout: 30_000});
  for (const [className, times] of [
    ["class 1", 3],
    ["class 2", 2]
  ] as const) {
    const shutter = page.getByRole("button", {name: `Take a picture for “${className}”`});
    for (let i = 0; i < times; i++) {
      await expect.poll(() => shutter.isEnabled()).toBe(true);
      await shutter.click();
    }
  }
  await expect.poll(() => thumbnails(page), {timeout: 30_000}).toEqual([3, 2]);
  expect(await page.locator(".example-class img").first().getAttribute("alt")).toBe("class 1 example 1 (from camera)");
  await train(page);
  await page.getByRole("button", {name: "Use the camera's picture"}).click();
  await expect
    .poll(() => page.locator(".image-picker-current").textContent(), {timeout: 30_000})
    .toMatch(/^Chosen: camera .*\.png$/);
  await expect.poll(() => page.locator(".layer-logits-shape").textContent(), {timeout: 30_000}).toBe("[1, 2]");
  await page.getByRole("button", {name: "Stop the camera"}).click();
  await expect.poll(() => page.locator(".camera-box video").isHidden()).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});
