// The "Cat or dog?" page in Chromium: the toy model trains in the page, the reader paints, and the two logits and
// probabilities follow; no console errors, no request leaving 127.0.0.1.
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";
import {foreignRequests, openPage} from "../helpers/browser.js";

const site = useSiteAndBrowser();

/** [p(cat), p(dog)] as the page shows them (each value's title holds the full number). */
async function probabilities(page: Page): Promise<number[]> {
  const titles = await page
    .locator(".scores-probability .scores-number")
    .evaluateAll((spans) => spans.map((s) => s.getAttribute("title")));
  return titles.map(Number);
}

/** The number grid, row by row. */
async function numbers(page: Page): Promise<number[]> {
  return (await page.locator(".number-grid td").allTextContents()).map(Number);
}

async function loadAndWait(page: Page, button: string, check: (p: number[]) => boolean) {
  await page.getByRole("button", {name: button, exact: true}).click();
  await expect.poll(async () => check(await probabilities(page)), {timeout: 10_000}).toBe(true);
}

test("the toy model trains in the page and answers with two logits → two probabilities", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/cat-or-dog`);
  await page.locator(".scores-table").waitFor({timeout: 60_000});

  // Trained here, and right on most drawings it never saw.
  const summary = await page.locator(".toy-summary").textContent();
  const accuracy = Number(/right\s+([\d.]+)%/.exec(summary ?? "")?.[1]);
  expect(accuracy).toBeGreaterThanOrEqual(90);

  // The logits are a [1, 2] tensor, printed as print() writes it.
  await expect
    .poll(() => page.locator("pre.logit").textContent())
    .toMatch(/^Tensor\n\s+\[\[-?[\d.e-]+, -?[\d.e-]+\],\]$/);
  await expect.poll(() => page.getByText(/in a tensor of shape \[1, 2\]/).count()).toBe(1);

  // The examples: a cat is called a cat, a dog a dog.
  await loadAndWait(page, "Dog example", ([, pDog]) => pDog! > 0.5);
  expect(await page.locator(".toy-candidate-value").first().textContent()).toBe('"dog"');
  await loadAndWait(page, "Cat example", ([pCat]) => pCat! > 0.5);
  expect(await page.locator(".toy-candidate-value").first().textContent()).toBe('"cat"');
  const [pCat, pDog] = await probabilities(page);
  expect(pCat! + pDog!).toBeCloseTo(1, 5);
  // The single number (b) is 1 + p(dog).
  const single = Number(await page.locator(".number-line-value").textContent());
  expect(single).toBeCloseTo(1 + pDog!, 2);

  // Invert: every 0 becomes 255 and back.
  const before = await numbers(page);
  await page.getByRole("button", {name: "Invert"}).click();
  await expect.poll(() => numbers(page)).toEqual(before.map((v) => 255 - v));

  // Painting with the mouse: clear, then drag along the top row.
  await page.getByRole("button", {name: "Clear"}).click();
  await expect.poll(async () => (await numbers(page)).every((v) => v === 0)).toBe(true);
  const blank = await probabilities(page);
  const grid = page.locator(".paint-grid-pixels");
  const box = (await grid.boundingBox())!;
  const cell = box.width / 10;
  await page.mouse.move(box.x + cell * 1.5, box.y + cell * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + cell * 8.5, box.y + cell * 0.5, {steps: 14});
  await page.mouse.up();
  await expect
    .poll(async () => (await numbers(page)).slice(0, 10))
    .toEqual([0, 255, 255, 255, 255, 255, 255, 255, 255, 0]);
  await expect.poll(() => probabilities(page)).not.toEqual(blank);
  const painted = await probabilities(page);
  expect(painted[0]! + painted[1]!).toBeCloseTo(1, 5);

  // Painting with the keyboard: the arrows move, space flips a pixel.
  await grid.focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Space");
  await expect.poll(async () => (await numbers(page))[2 * 10 + 2]).toBe(255);
  await expect.poll(() => probabilities(page)).not.toEqual(painted);

  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("on a 320 px phone the paint grid and its numbers fit the column, stacked without a gap", async () => {
  const {page, errors} = await openPage(site.browser, `${site.url}/cat-or-dog`, {viewport: {width: 320, height: 800}});
  await page.locator(".number-grid td").first().waitFor({timeout: 60_000});
  const layout = await page.evaluate(() => {
    const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
    const column = box("#observablehq-main");
    return {
      column: {left: column.left, right: column.right},
      pixels: box(".paint-grid-pixels"),
      numbers: box(".number-grid"),
      caption: box(".toy-figure figcaption")
    };
  });
  for (const part of [layout.pixels, layout.numbers]) {
    expect(part.left).toBeGreaterThanOrEqual(layout.column.left);
    expect(part.right).toBeLessThanOrEqual(layout.column.right + 0.5);
  }
  expect(layout.caption.top - layout.numbers.bottom).toBeLessThan(40); // the figure's caption follows the numbers
  expect(errors).toEqual([]);
  await page.context().close();
});
