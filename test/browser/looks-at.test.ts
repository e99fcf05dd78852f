// "What the model looks at" in Chromium: the occlusion map runs to 100% (and a finer grid's run can be cancelled); then
// the vanilla gradient and SmoothGrad of the same class are drawn over the photo with their times (tf.grad on the WASM
// backend, with the lesson's depthwise input gradient); a new photo computes them again without leaving tensors
// behind; no serious axe findings.
import {expect, test} from "vitest";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {liveTensors} from "../helpers/live-tensors.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

test("the occlusion map of the 7 × 7 grid runs to 100% and names its square; a finer grid's run can be cancelled", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/explore/looks-at?image=cat.png`);
  // The occlusion map for the default 7 × 7 grid runs to 100% and draws, with a text alternative naming a region.
  const progress = page.locator(".task-progress");
  await expect.poll(() => progress.getAttribute("data-state"), {timeout: 90_000}).toBe("done");
  expect(await progress.getAttribute("data-progress")).toBe("1");
  expect(await progress.locator("progress").evaluate((bar: HTMLProgressElement) => bar.value)).toBe(1);
  expect(await progress.locator(".task-progress-status").textContent()).toMatch(/^100%/);
  await page.locator(".occlusion-map-canvas").waitFor();
  const caption = await page.locator(".occlusion-map figcaption").textContent();
  expect(caption).toMatch(
    /Covering the square in row \d, column \d of 7 \((upper|middle|lower)[a-z ]*\) lowered the probability of “[^”]*cat[^”]*”/i
  );
  expect(await page.locator(".occlusion-map .chart-table tbody tr").count()).toBe(7);
  expect(await seriousViolations(page)).toEqual([]);

  // A finer grid starts a new run (784 images); Cancel stops it part-way.
  await page.getByLabel("28 × 28").check();
  await expect.poll(() => progress.getAttribute("data-state"), {timeout: 10_000}).toBeNull();
  await progress.getByRole("button", {name: "Cancel"}).click();
  await expect.poll(() => progress.getAttribute("data-state")).toBe("cancelled");
  expect(Number(await progress.getAttribute("data-progress"))).toBeLessThan(1);
  expect(await progress.locator(".task-progress-status").textContent()).toMatch(/^Cancelled at \d+%/);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("vanilla and SmoothGrad maps are drawn for the occlusion map's class, with their times", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/explore/looks-at?image=cat.png`);
  const maps = page.locator(".saliency-maps");
  await maps.waitFor({timeout: 120_000});
  expect(Number(await maps.getAttribute("data-vanilla-ms"))).toBeGreaterThan(0);
  expect(Number(await maps.getAttribute("data-smooth-ms"))).toBeGreaterThan(0);
  expect(await maps.locator("canvas").count()).toBe(2);
  const captions = await maps.locator(".map-on-photo figcaption").allTextContents();
  expect(captions[0]).toMatch(/^Vanilla gradient, \d+ ms$/);
  expect(captions[1]).toMatch(/^SmoothGrad, (\d+ ms|\d+\.\d s) for 20 gradients$/);
  const occluded = (await page.locator(".occlusion-map figcaption").textContent())!.match(/“([^”]+)”/)![1]!;
  expect(await maps.locator(":scope > figcaption").textContent()).toContain(`the logit of “${occluded}”`);
  expect(await seriousViolations(page)).toEqual([]);

  // Another photo: both maps again (the old ones stay until the new ones are drawn), and the first photo's gradients
  // freed once the cat is back.
  const caption = () => maps.locator(":scope > figcaption").textContent();
  const catCaption = await caption();
  const tensors = await liveTensors(page);
  await page.locator('.image-picker-gallery button[data-name="parrot.jpg"]').click();
  await expect.poll(caption, {timeout: 120_000}).toMatch(/the logit of “macaw/);
  await page.locator('.image-picker-gallery button[data-name="cat.png"]').click();
  await expect.poll(caption, {timeout: 120_000}).toBe(catCaption);
  await page.waitForTimeout(300);
  expect(await liveTensors(page)).toBe(tensors);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("the page, with both kinds of map, has no serious accessibility problems in dark mode on a phone", async () => {
  const {page, errors} = await openPage(site.browser, `${site.url}/explore/looks-at?image=cat.png`, {
    colorScheme: "dark",
    viewport: {width: 390, height: 844}
  });
  await page.locator(".saliency-maps").waitFor({timeout: 120_000});
  await page.locator(".occlusion-map-canvas").waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
