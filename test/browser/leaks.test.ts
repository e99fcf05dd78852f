// Cycles of what a reader does on the busiest pages, and tfjs holds exactly as many tensors as before: 200 of changing
// the image and moving a slider on "Change the image", and 20 of changing the image while the occlusion map, the
// gradient and SmoothGrad start over on "What the model looks at".
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {openPage} from "../helpers/browser.js";
import {liveTensors} from "../helpers/live-tensors.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

const CYCLES = 200;
const topLogit = (page: Page) => page.locator(".perturb-top-logit").getAttribute("data-top-logit");
const mapState = (page: Page) => page.locator(".task-progress").getAttribute("data-state");

test(`${CYCLES} cycles of image change and slider move leave no tensor behind`, {timeout: 600_000}, async () => {
  const {page, errors} = await openPage(site.browser, `${site.url}/explore/perturb?image=cat.png`);
  await expect.poll(() => page.locator(".logits-chart").count(), {timeout: 60_000}).toBe(1);
  const baseline = await liveTensors(page);
  const original = await topLogit(page);

  const photos = ["Hot dog", "Parrot", "Cat"];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const before = await topLogit(page);
    await page.locator(`.image-picker-gallery button[title="${photos[cycle % photos.length]}"]`).click();
    await page.locator('input[name="brightness"]').fill(String(((cycle % 5) - 2) * 20));
    // Each cycle waits for the model's answer to the new image.
    await expect.poll(() => topLogit(page), {timeout: 30_000}).not.toBe(before);
  }

  // Back to the starting state: the cat, neutral sliders.
  await page.locator('.image-picker-gallery button[title="Cat"]').click();
  await page.getByRole("button", {name: "Reset"}).click();
  await expect.poll(() => topLogit(page), {timeout: 30_000}).toBe(original);
  await expect.poll(() => liveTensors(page), {timeout: 10_000}).toBe(baseline);
  expect(errors).toEqual([]);
});

const MAP_CYCLES = 20;
const saliencyCaption = (page: Page) => page.locator(".saliency-maps > figcaption").textContent();

test(
  `${MAP_CYCLES} image changes while the occlusion and gradient maps run leave no tensor behind`,
  {timeout: 600_000},
  async () => {
    const {page, errors} = await openPage(site.browser, `${site.url}/explore/looks-at?image=cat.png`);
    await page.locator(".saliency-maps").waitFor({timeout: 120_000});
    const catCaption = await saliencyCaption(page);
    const baseline = await liveTensors(page);

    const photos = ["Hot dog", "Parrot", "Cat"];
    for (let cycle = 0; cycle < MAP_CYCLES; cycle++) {
      await page.locator(`.image-picker-gallery button[title="${photos[cycle % photos.length]}"]`).click();
      // The occlusion map finishes; the gradients it starts are cut short by the next cycle's photo.
      await expect.poll(() => mapState(page), {timeout: 90_000}).toBe("done");
    }

    await page.locator('.image-picker-gallery button[title="Cat"]').click();
    await expect.poll(() => saliencyCaption(page), {timeout: 120_000}).toBe(catCaption);
    await expect.poll(() => liveTensors(page), {timeout: 10_000}).toBe(baseline);
    expect(errors).toEqual([]);
  }
);
