// The "Change the image" page in Chromium: slider edits reach the model's logits, no tensors leak, no serious axe
// findings, no console errors, no request leaves 127.0.0.1.
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {liveTensors} from "../helpers/live-tensors.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

const topLogit = (page: Page) => page.locator(".perturb-top-logit").getAttribute("data-top-logit");

/** Moves a slider as a reader would (the input event included) and waits for the model's new top logit. */
async function slide(page: Page, name: string, value: string): Promise<string | null> {
  const before = await topLogit(page);
  await page.locator(`input[name="${name}"]`).fill(value);
  await expect.poll(() => topLogit(page), {timeout: 30_000}).not.toBe(before);
  return topLogit(page);
}

test("editing the photo changes the logits, and undoing the edits gives the same numbers back", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/explore/perturb?image=cat.png`);

  // The unedited cat: a real top logit, and the top 5.
  await page.locator(".perturb-top-logit").waitFor({timeout: 60_000});
  const plain = Number(await topLogit(page));
  expect(Number.isFinite(plain)).toBe(true);
  await expect.poll(() => page.locator(".perturb-results .top-classes li").count()).toBe(5);
  expect(await page.locator(".perturb-results .top-classes-label").first().textContent()).toMatch(/cat/i);
  await expect.poll(() => page.locator(".logits-chart").count()).toBe(1);
  await expect.poll(() => page.locator(".probability-sorted-chart").count()).toBe(1);

  expect(await seriousViolations(page)).toEqual([]);

  // Brightness: a different photo to the model, so different logits; back to 0 gives the original numbers again.
  const tensors = await liveTensors(page);
  const brighter = Number(await slide(page, "brightness", "100"));
  expect(brighter).not.toBe(plain);
  expect(await page.locator('output[for$="brightness"]').textContent()).toBe("+100");
  await slide(page, "rotation", "30");
  await slide(page, "noise", "40");
  await page.getByRole("button", {name: "Reset"}).click();
  await expect.poll(async () => Number(await topLogit(page)), {timeout: 30_000}).toBe(plain);
  await page.waitForTimeout(300);
  expect(await liveTensors(page)).toBe(tensors); // each edit's tensors were freed

  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("the page has no serious accessibility problems in dark mode on a phone", async () => {
  const {page, errors} = await openPage(site.browser, `${site.url}/explore/perturb?image=cat.png`, {
    colorScheme: "dark",
    viewport: {width: 390, height: 844}
  });
  await expect.poll(() => page.locator(".logits-chart").count(), {timeout: 60_000}).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
