// "Going further" in Chromium: Inside MobileNet shows every stage's shape and draws a stage's maps and a picked channel
// over the photo; Where a logit comes from adds a class's products up to its logit, and switching a channel off moves
// the logit by exactly that channel's product. No serious axe findings, light and dark, wide and phone-sized; no
// console errors, no request leaving 127.0.0.1, no tensors left behind by a stage switch.
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {liveTensors} from "../helpers/live-tensors.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

/** The stages of v1 0.25 and the shape each outputs for one image. */
const SHAPES: Record<string, number[]> = {
  rescale: [1, 224, 224, 3],
  Conv2d_0: [1, 112, 112, 8],
  Conv2d_1_depthwise: [1, 112, 112, 8],
  Conv2d_1_pointwise: [1, 112, 112, 16],
  Conv2d_2_depthwise: [1, 56, 56, 16],
  Conv2d_6_pointwise: [1, 14, 14, 128],
  Conv2d_12_depthwise: [1, 7, 7, 128],
  Conv2d_13_pointwise: [1, 7, 7, 256],
  global_pool: [1, 1, 1, 256],
  Conv2d_1c_1x1: [1, 1001],
  background: [1, 1000]
};

/** Clicks channel `channel`'s tile in the grid of maps (one canvas; its data attributes give the layout). */
async function clickTile(page: Page, channel: number): Promise<void> {
  const grid = page.locator(".activation-grid");
  const [tile, gap, columns] = await grid.evaluate((canvas: HTMLCanvasElement) =>
    ["tile", "gap", "columns"].map((key) => Number(canvas.dataset[key]))
  );
  const at = (i: number) => i * (tile! + gap!) + tile! / 2;
  await grid.click({position: {x: at(channel % columns!), y: at(Math.floor(channel / columns!))}});
}

/** The picked channel's canvas over the photo, as a data URL: changes when another channel is drawn. */
const pickedMap = (page: Page) =>
  page.locator(".map-on-photo-explore canvas").evaluate((c: HTMLCanvasElement) => c.toDataURL());

test("Inside MobileNet shows every stage's shape and parameters, and draws a stage's maps and a picked channel", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/further/inside?image=cat.png`);
  const stages = page.locator(".network-stage");
  await expect.poll(() => stages.count(), {timeout: 60_000}).toBe(31);
  for (const [name, shape] of Object.entries(SHAPES)) {
    const box = page.locator(`.network-stage[data-stage="${name}"]`);
    expect(await box.getAttribute("data-shape")).toBe(shape.join(","));
    expect(await box.locator(".network-stage-shape").textContent()).toBe(`[${shape.join(", ")}]`);
  }
  const counts = await stages.evaluateAll((items) =>
    items.map((item) => Number((item as HTMLElement).dataset.parameters))
  );
  const total = counts.reduce((a, b) => a + b, 0);
  expect(await page.locator(`.network-stage[data-stage="Conv2d_1c_1x1"]`).getAttribute("data-parameters")).toBe(
    String(256 * 1001 + 1001)
  );
  expect(await page.locator(".network-total").textContent()).toContain(
    `${total.toLocaleString("en-GB")} numbers in all: every number in the model's weights file`
  );

  // The default stage's 16 maps, then a stage switch to the last pointwise stage's 256.
  const maps = page.locator(".activation-maps");
  await expect.poll(() => maps.getAttribute("data-stage"), {timeout: 60_000}).toBe("Conv2d_1_pointwise");
  expect(await maps.getAttribute("data-channels")).toBe("16");
  await page.locator(".map-on-photo-explore canvas").waitFor();
  const tensors = await liveTensors(page);
  await page.locator(".stage-picker select").selectOption("Conv2d_13_pointwise");
  await expect.poll(() => maps.getAttribute("data-stage")).toBe("Conv2d_13_pointwise");
  expect(await maps.getAttribute("data-channels")).toBe("256");
  expect(await maps.locator(":scope > figcaption").textContent()).toMatch(
    /^Conv2d_13_pointwise: 256 maps of 7 × 7 for Cat/
  );
  await page.getByRole("button", {name: "Next stage"}).click(); // the last stage: nothing after it
  expect(await maps.getAttribute("data-stage")).toBe("Conv2d_13_pointwise");
  await page.getByRole("button", {name: "Previous stage"}).click();
  await expect.poll(() => maps.getAttribute("data-stage")).toBe("Conv2d_13_depthwise");
  expect(await liveTensors(page)).toBe(tensors); // switching stages reads the maps already there

  // Picking a channel (a click, then the keyboard) draws it over the photo, with a value under the cursor.
  const caption = page.locator(".map-on-photo-explore figcaption");
  const before = await pickedMap(page);
  await clickTile(page, 5);
  await expect.poll(() => caption.textContent()).toMatch(/^Channel 5 of Conv2d_13_depthwise: /);
  expect(await pickedMap(page)).not.toBe(before);
  await page.locator(".activation-grid").focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => caption.textContent()).toMatch(/^Channel 6 of Conv2d_13_depthwise: /);
  expect(await page.locator(".activation-readout").textContent()).toMatch(/^Channel 6: /);
  await page.locator(".map-on-photo-explore canvas").focus();
  await page.keyboard.press("ArrowLeft");
  expect(await page.locator(".map-on-photo-readout").textContent()).toMatch(
    /^row \d, column \d of 7, [a-z ]+: \d\.\d\d\.$/
  );

  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("Where a logit comes from: the products add up to the logit, and switching a channel off moves it by that product", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/further/logit?image=cat.png`);
  const result = page.locator(".switched-off");
  await result.waitFor({timeout: 60_000});
  expect(await page.locator(".logit-difference").textContent()).toMatch(/^(0|\d\.\de-\d)$/);
  expect(await page.locator(".contributions legend").textContent()).toContain("Egyptian cat");
  expect(await page.locator(".contribution-channel input").count()).toBe(12);
  expect(await page.locator(".channels-on-photo .map-on-photo").count()).toBe(12);
  const logitBefore = Number(await result.getAttribute("data-logit-before"));

  // Off: the class's logit falls by exactly the channel's product (float32 sums in another order: 1e-4).
  const first = page.locator(".contribution-channel input").first();
  const product = Number(await first.getAttribute("data-product"));
  await first.uncheck();
  await expect.poll(() => result.getAttribute("data-logit-after")).not.toBe(String(logitBefore));
  const logitAfter = Number(await result.getAttribute("data-logit-after"));
  expect(Math.abs(logitAfter - logitBefore + product)).toBeLessThanOrEqual(1e-4);
  expect(Number(await result.getAttribute("data-expected-change"))).toBeCloseTo(-product, 6);
  expect(await page.locator(".contributions-status").textContent()).toMatch(/^1 of 256 channels off/);
  // On again: back to the model's own logit.
  await first.check();
  await expect.poll(async () => Number(await result.getAttribute("data-logit-after"))).toBe(logitBefore);

  // Keep only the top 10: 246 channels off, and the logit moves by the sum of their products.
  await page.locator(".contributions-keep input").fill("10");
  await expect.poll(() => page.locator(".contributions-status").textContent()).toMatch(/^246 of 256 channels off/);
  // The chart's status changes at once; the result below it only once the layer has run again (until then both its
  // numbers are the unchanged ones, whose difference is 0 too). Then both numbers read together.
  await expect.poll(() => result.getAttribute("data-expected-change")).not.toBe("0");
  const offByChange = async () =>
    Number(await result.getAttribute("data-logit-after")) -
    logitBefore -
    Number(await result.getAttribute("data-expected-change"));
  await expect.poll(offByChange).toBeCloseTo(0, 3);
  expect(Number(await result.getAttribute("data-expected-change"))).not.toBe(0);

  // Another class: its own dot product, linked to the logits and softmax pages.
  await page.locator(".class-picker select").selectOption("281");
  await expect.poll(() => page.locator(".contributions legend").textContent()).toContain("tabby");
  expect(await page.locator(".class-links a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual(
    ["../logits#class-281", "../softmax#class-281"]
  );

  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

for (const path of ["/further/inside", "/further/logit"]) {
  test(`${path} has no serious accessibility problems in dark mode on a phone`, async () => {
    const {page, errors} = await openPage(site.browser, `${site.url}${path}?image=cat.png`, {
      colorScheme: "dark",
      viewport: {width: 390, height: 844}
    });
    await page.locator(path.endsWith("inside") ? ".map-on-photo-explore" : ".switched-off").waitFor({timeout: 60_000});
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
}
