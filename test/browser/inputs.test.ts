// The inputs page in Chromium: the live tensors' shapes, a sampled pixel's values before and after normalisation, the
// pixel grid answering the pointer and the keyboard; no model download, no console errors, nothing leaving 127.0.0.1.
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, openPage} from "../helpers/browser.js";

const site = useSiteAndBrowser();

const numbers = (text: string) => (text.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

async function readout(page: Page) {
  const position = numbers((await page.locator(".pixel-grid-position").textContent()) ?? "");
  const bytes = (await page.locator(".pixel-grid-byte").allTextContents()).map(Number);
  const model = (await page.locator(".pixel-grid-model").allTextContents()).map(Number);
  return {x: position[0], y: position[1], bytes, model};
}

function expectPixel({bytes, model}: {bytes: number[]; model: number[]}) {
  expect(bytes).toHaveLength(3);
  for (const v of bytes) expect(Number.isInteger(v) && v >= 0 && v <= 255).toBe(true);
  // The model's value is the resized pixel before rounding, divided by 255 (range [0, 1]).
  bytes.forEach((v, c) => expect(Math.abs(model[c]! - v / 255)).toBeLessThanOrEqual(0.5 / 255 + 1e-4));
}

test("the inputs page shows the live tensors and reads pixels out of the grid", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/inputs?image=cat.png`);
  const shape = page.locator(".input-shape");
  await expect.poll(() => shape.textContent(), {timeout: 60_000}).toBe("[1, 224, 224, 3]");

  // The pixels tensor is [height, width, 3] of the decoded photo, and says so in its print text.
  const text = (await page.locator("main").textContent()) ?? "";
  const [, width, height] = text.match(/Original: (\d+)\s×\s(\d+)/) ?? [];
  expect(Number(width)).toBeGreaterThan(0);
  expect(text).toContain(`[${height}, ${width}, 3]`);
  expect(text).toContain("int32");
  await expect.poll(() => page.locator(".tensor-print").first().textContent()).toMatch(/^Tensor\s+\[\[\[\d+, \d+, \d+/);

  // Sampled pixels: v1 0.25 gets v / 255, v1 0.75 gets v × 2 / 255 − 1.
  const rows = page.locator(".normalization-table tbody tr");
  expect(await rows.count()).toBeGreaterThanOrEqual(6);
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = (await rows.nth(i).locator("td").allTextContents()).map(Number);
    const [byte, narrow, wide] = cells as [number, number, number];
    expect(Number.isInteger(byte) && byte >= 0 && byte <= 255).toBe(true);
    expect(Math.abs(narrow - byte / 255)).toBeLessThanOrEqual(6e-5);
    expect(Math.abs(wide - ((byte * 2) / 255 - 1))).toBeLessThanOrEqual(6e-5);
  }

  // Hovering the grid reads out that pixel.
  const canvas = page.locator(".pixel-grid-canvas");
  const box = (await canvas.boundingBox())!;
  await canvas.hover({position: {x: box.width * 0.25 + 1, y: box.height * 0.75 + 1}});
  const hovered = await readout(page);
  expect(hovered.x).toBe(56);
  expect(hovered.y).toBe(168);
  expectPixel(hovered);

  // The keyboard moves a cursor (the readout follows it once the pointer leaves).
  await page.mouse.move(0, 0);
  await canvas.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const moved = await readout(page);
  expect([moved.x, moved.y]).toEqual([113, 114]);
  expectPixel(moved);

  // Zooming in shows fewer pixels per screen: the zoom label changes and the controls stay usable.
  await page.getByRole("button", {name: "Zoom in"}).click();
  await expect.poll(() => page.locator(".pixel-grid-zoom").textContent()).toMatch(/\d+×/);
  const slider = page.locator(".pixel-grid-controls input[type=range]");
  await slider.fill((await slider.getAttribute("max"))!);
  await expect.poll(() => page.locator(".pixel-grid-zoom").textContent()).toMatch(/^64×/);
  await canvas.hover({position: {x: box.width / 2 + 1, y: box.height / 2 + 1}});
  expectPixel(await readout(page));

  // Three channel images, each with a text alternative.
  expect(await page.locator(".channel-images canvas[aria-label]").count()).toBe(3);

  // This page needs no model: nothing downloads one.
  expect(requests.filter((url) => /\/data\/models\//.test(url))).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`the inputs page's own content has no serious accessibility problems (${colorScheme})`, async () => {
    const {page, errors} = await openPage(site.browser, `${site.url}/inputs?image=parrot.jpg`, {colorScheme});
    await page.locator(".channel-images canvas").first().waitFor({timeout: 60_000});
    const violations = await seriousViolations(page, {include: "#observablehq-main"});
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
}
