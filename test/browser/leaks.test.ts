// 200 cycles of what a reader does on the busiest page — change the image, move a slider, let the occlusion map start
// over — and the page's tfjs holds exactly as many tensors as before.
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {openPage} from "../helpers/browser.js";
import {liveTensors} from "../helpers/live-tensors.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

const CYCLES = 200;
const topLogit = (page: Page) => page.locator(".perturb-top-logit").getAttribute("data-top-logit");
const mapState = (page: Page) => page.locator(".task-progress").getAttribute("data-state");

test(
  `${CYCLES} cycles of image change, slider move and occlusion map leave no tensor behind`,
  {timeout: 600_000},
  async () => {
    const {page, errors} = await openPage(site.browser, `${site.url}/explore/perturb?image=cat.png`);
    await expect.poll(() => mapState(page), {timeout: 90_000}).toBe("done");
    const baseline = await liveTensors(page);
    const original = await topLogit(page);

    const photos = ["Hot dog", "Parrot", "Cat"];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const before = await topLogit(page);
      await page.locator(`.image-picker-gallery button[title="${photos[cycle % photos.length]}"]`).click();
      await page.locator('input[name="brightness"]').fill(String(((cycle % 5) - 2) * 20));
      // Each cycle waits for the model's answer to the new image; the map it starts is replaced by the next cycle's.
      await expect.poll(() => topLogit(page), {timeout: 30_000}).not.toBe(before);
    }

    // Back to the starting state: the cat, neutral sliders, a finished map.
    await page.locator('.image-picker-gallery button[title="Cat"]').click();
    await page.getByRole("button", {name: "Reset"}).click();
    await expect.poll(() => topLogit(page), {timeout: 30_000}).toBe(original);
    await expect.poll(() => mapState(page), {timeout: 90_000}).toBe("done");
    await expect.poll(() => liveTensors(page), {timeout: 10_000}).toBe(baseline);
    expect(errors).toEqual([]);
  }
);
