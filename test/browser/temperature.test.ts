// The "Logits vs probabilities" page in Chromium: linked charts, the e^gap check and the temperature and shift sliders,
// all on the real model's numbers; no console errors and no request leaving 127.0.0.1.
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";
import {foreignRequests, openPage} from "../helpers/browser.js";

const site = useSiteAndBrowser();

const pointed = (page: Page, view: string) => page.locator(`[data-view="${view}"]`).getAttribute("data-pointed");
const readout = async (page: Page, name: string) =>
  Number(await page.locator(".temperature-readout").getAttribute(`data-${name}`));

test("pointing at a class in one chart shows it in the others, and softmax at T = 1 is tf.softmax", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/explore/temperature?image=cat.png`);
  await page.locator(".temperature-readout").waitFor({timeout: 60_000});

  // Each class is a fraction of a pixel wide: the step charts are outlined in their own colour, so a lone spike shows.
  for (const view of ["logits", "probabilities"]) {
    const area = await page.locator(`[data-view="${view}"] .steps-area`).evaluate((path) => {
      const style = getComputedStyle(path);
      return {fill: style.fill, stroke: style.stroke, width: parseFloat(style.strokeWidth)};
    });
    expect(area.stroke).toBe(area.fill);
    expect(area.width).toBeGreaterThanOrEqual(1);
  }

  // Hover the logits chart: the probability chart and the scatter point at the same class, and the read-out names it.
  const logitsSvg = page.locator('[data-view="logits"] svg');
  const box = (await logitsSvg.boundingBox())!;
  await logitsSvg.hover({position: {x: box.width * 0.3, y: box.height / 2}});
  const hovered = await pointed(page, "logits");
  expect(hovered).toMatch(/^\d+$/);
  expect(await pointed(page, "probabilities")).toBe(hovered);
  expect(await pointed(page, "scatter")).toBe(hovered);
  expect(
    await page.locator('[data-view="probabilities"] .chart-cursor').evaluate((g) => getComputedStyle(g).display)
  ).not.toBe("none");
  expect(await page.locator(".linked-readout").getAttribute("data-class")).toBe(hovered);

  // And the other way: hover the probability chart.
  const probabilitySvg = page.locator('[data-view="probabilities"] svg');
  const pbox = (await probabilitySvg.boundingBox())!;
  await probabilitySvg.hover({position: {x: pbox.width * 0.7, y: pbox.height / 2}});
  const other = await pointed(page, "probabilities");
  expect(other).not.toBe(hovered);
  expect(await pointed(page, "logits")).toBe(other);

  // Select with the keyboard: focus the scatter, step to a class, Enter keeps it marked in all three charts. The mouse
  // leaves the charts first: focusing scrolls the page, and a chart that slides under a resting pointer would point too.
  await page.mouse.move(0, 0);
  await page.locator('[data-view="scatter"] svg').focus();
  await page.keyboard.press("ArrowLeft");
  const chosen = await pointed(page, "scatter");
  expect(await pointed(page, "logits")).toBe(chosen);
  await page.keyboard.press("Enter");
  await expect.poll(() => page.locator(".linked-classes .chart-highlight").count()).toBe(3);
  expect(await page.locator(".linked-readout").getAttribute("data-class")).toBe(chosen);

  // p1/p2 and e^(l1 − l2), each computed from the tensors, agree.
  const table = page.locator(".top-two");
  const ratio = Number(await table.getAttribute("data-probability-ratio"));
  const expGap = Number(await table.getAttribute("data-exp-gap"));
  expect(ratio).toBeGreaterThan(1);
  expect(Math.abs(ratio / expGap - 1)).toBeLessThan(1e-4);

  // T = 1: exactly tf.softmax's probabilities (the page's own comparison, and the top class from the first section).
  expect(await readout(page, "temperature")).toBe(1);
  expect(await readout(page, "diff-softmax")).toBe(0);
  const top1 = await readout(page, "top1");
  const topClass = await page.locator(".temperature-readout").getAttribute("data-top1-class");
  expect(top1).toBe(await readout(page, "softmax-top1"));
  expect(topClass).toBe("285"); // the cat photo's Egyptian cat, as the model says
  const entropyAtOne = await readout(page, "entropy-bits");

  // T = 0.1 sharpens: the top class takes more, the entropy drops.
  await page.locator("#temperature-slider").fill("-1");
  await expect.poll(() => readout(page, "temperature")).toBeCloseTo(0.1, 10);
  expect(await readout(page, "top1")).toBeGreaterThan(top1);
  expect(await readout(page, "entropy-bits")).toBeLessThan(entropyAtOne);
  expect(await readout(page, "diff-softmax")).toBeGreaterThan(0);

  // T = 10 flattens.
  await page.locator("#temperature-slider").fill("1");
  await expect.poll(() => readout(page, "temperature")).toBe(10);
  expect(await readout(page, "top1")).toBeLessThan(top1);
  expect(await readout(page, "entropy-bits")).toBeGreaterThan(entropyAtOne);

  // A shift changes nothing (up to float32 rounding).
  await page.getByRole("button", {name: "T = 1"}).click();
  await page.locator("#shift-slider").fill("12.5");
  await expect.poll(() => readout(page, "shift")).toBe(12.5);
  expect(await readout(page, "diff-shift")).toBeLessThan(1e-6);
  expect(await readout(page, "top1")).toBe(top1);

  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});
