// The home page in Chromium: a real top-3 for a sample photo, no console errors, no request leaving 127.0.0.1.
import {expect, test} from "vitest";
import {IMAGENET_CLASSES} from "../../components/pipeline/classes.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

test("the home page classifies the sample cat with the real model", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/?image=cat.png`);
  const items = page.locator(".top-classes li");
  await expect.poll(() => items.count(), {timeout: 60_000}).toBe(3);
  const labels = await page.locator(".top-classes-label").allTextContents();
  const known = new Set(IMAGENET_CLASSES.map((c) => c.label));
  for (const label of labels) expect(known.has(label)).toBe(true);
  expect(labels[0]).toMatch(/cat/i);
  const values = (await page.locator(".top-classes-value").allTextContents()).map((text) => parseFloat(text));
  expect(values[0]).toBeGreaterThan(values[1]!);
  expect(values.every((v) => v > 0 && v < 100)).toBe(true);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});
