// The softmax page in Chromium: the four-logit explorer follows its sliders, the real probabilities sum to 1 (as
// tf.sum says), the charts have their bars and follow the top-k and scale choices, no tensors leak, no console errors,
// no request leaves 127.0.0.1.
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {shortLabel} from "../../components/pipeline/classes.js";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {liveTensors} from "../helpers/live-tensors.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

/** The four-logit table's probabilities, as numbers (the page writes them as percentages). */
const smallProbabilities = async (page: Page) =>
  (await page.locator(".softmax-steps-p").allTextContents()).map((text) => parseFloat(text));

async function moveSlider(page: Page, row: number, value: number) {
  await page
    .locator(".logit-inputs input[type=range]")
    .nth(row)
    .evaluate((slider: HTMLInputElement, v) => {
      slider.value = String(v);
      slider.dispatchEvent(new Event("input", {bubbles: true}));
    }, value);
}

test("the softmax page: live sum 1, charts with their bars, and a four-logit softmax that follows the sliders", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/softmax?image=cat.png`);

  // The real probabilities: tf.softmax(logits).print() and tf.sum of them.
  const printed = page.locator(".print-output");
  await expect.poll(() => printed.textContent(), {timeout: 60_000}).toMatch(/^Tensor[\s\S]*\.\.\./);
  const sum = Number(await page.locator("#softmax-sum").textContent());
  expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-6);

  // Top-k bars (10 by default, 20 when chosen), best first and a cat; the sorted chart of all 1000.
  const bars = page.locator(".probability-top-chart .probability-bar");
  await expect.poll(() => bars.count(), {timeout: 60_000}).toBe(10);
  expect(await bars.first().getAttribute("aria-label")).toMatch(/^class \d+: .*cat.*probability [\d.]+%, logit/i);
  await page.locator(".choice-input label", {hasText: "20"}).click();
  await expect.poll(() => bars.count()).toBe(20);
  const sorted = page.locator(".probability-sorted-chart svg");
  expect(await sorted.getAttribute("aria-valuemax")).toBe("1000");
  expect(await page.locator(".probability-sorted-chart path[d^='M']").count()).toBeGreaterThan(0);
  await page.locator(".choice-input label", {hasText: "log"}).click();
  await expect.poll(() => page.locator(".probability-top-chart figcaption").textContent()).toContain("log scale");

  // The explorer starts from the photo's top four classes, then follows its sliders.
  const best = Number((await bars.first().getAttribute("aria-label"))!.match(/^class (\d+)/)![1]);
  await expect.poll(() => page.locator(".logit-inputs label").first().textContent()).toBe(shortLabel(best));
  const before = await smallProbabilities(page);
  expect(before).toHaveLength(4);
  const tensors = await liveTensors(page);
  const top = Number(await page.locator(".logit-inputs input[type=range]").nth(3).getAttribute("max"));
  await moveSlider(page, 3, top); // the fourth class's logit to the slider's end, above the others
  await expect.poll(() => smallProbabilities(page)).not.toEqual(before);
  const after = await smallProbabilities(page);
  expect(after[3]).toBeGreaterThan(before[3]!);
  expect(after.indexOf(Math.max(...after))).toBe(3);
  expect(Number(await page.locator(".logit-inputs input[type=number]").nth(3).inputValue())).toBe(top);
  await moveSlider(page, 3, -5);
  await moveSlider(page, 0, 0);
  expect(await liveTensors(page)).toBe(tensors);

  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("a link to /softmax#class-281 marks tabby in both charts", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/softmax?image=cat.png#class-281`);
  const note = page.locator(".probability-sorted-chart .chart-highlight-note");
  await expect
    .poll(() => note.textContent(), {timeout: 60_000})
    .toContain(`Class 281, ${shortLabel(281)}: probability`);
  expect(await page.locator(".probability-top-chart .chart-highlighted").getAttribute("aria-label")).toContain(
    "class 281"
  );
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});
