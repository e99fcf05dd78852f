// The logits page in Chromium: the real print() text, shape [1, 1000], the chart of all 1000 logits with a keyboard
// cursor, a class named in the URL (#class-281) marked, no console errors, no request leaving 127.0.0.1.
import {expect, test} from "vitest";
import {classLabel, shortLabel} from "../../components/pipeline/classes.js";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

test("the logits page shows the cat's logits as print() writes them, their shape and all 1000 in a chart", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/logits?image=cat.png`);
  const printed = page.locator(".print-output");
  await expect.poll(() => printed.textContent(), {timeout: 60_000}).toMatch(/^Tensor/);
  const text = (await printed.textContent())!;
  expect(text).toContain("...");
  // The first and last three numbers, as tfjs shortens a long row.
  const numbers = text.replace(/^Tensor\s*/, "").match(/-?\d+(\.\d+)?(e[-+]?\d+)?/g) ?? [];
  expect(numbers).toHaveLength(6);

  expect(await page.locator(".logits-shape").textContent()).toBe("[1, 1000]");
  expect(await page.locator(".logits-dtype").textContent()).toBe("float32");

  const chart = page.locator(".logits-chart svg");
  await chart.waitFor({timeout: 60_000});
  expect(await page.locator(".logits-chart .logits-area").getAttribute("d")).toMatch(/^M/);
  expect(await chart.getAttribute("aria-valuemax")).toBe("999");
  // The largest logit of the cat is a cat class, and it is named on the chart.
  const start = Number(await chart.getAttribute("aria-valuenow"));
  expect(classLabel(start)).toMatch(/cat/i);
  const named = await page.locator(".logits-chart .chart-labels text").allTextContents();
  expect(named.some((name) => name.startsWith(shortLabel(start)))).toBe(true);
  // The arrow keys move the cursor one class at a time and say what is under it.
  await chart.focus();
  await page.keyboard.press("ArrowRight");
  expect(await chart.getAttribute("aria-valuenow")).toBe(String(start + 1));
  expect(await chart.getAttribute("aria-valuetext")).toContain(`class ${start + 1}: ${classLabel(start + 1)}`);
  expect(await page.locator(".logits-chart .chart-tooltip").isVisible()).toBe(true);

  // Negative logits and a sum that is not 1, computed live.
  const facts = (await page.locator(".logits-facts").textContent())!;
  expect(facts).toMatch(/negative/);
  expect(facts).toMatch(/not 1/);

  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("a link to /logits#class-281 marks tabby in the chart", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/logits?image=cat.png#class-281`);
  const note = page.locator(".logits-chart .chart-highlight-note");
  await expect.poll(() => note.textContent(), {timeout: 60_000}).toContain(`Class 281, ${shortLabel(281)}: logit`);
  expect(await page.locator(".logits-chart .chart-highlight circle").count()).toBe(1);
  expect(await page.locator(".logits-chart svg").getAttribute("aria-valuenow")).toBe("281");
  // Another hash on the same page moves the mark.
  await page.evaluate(() => (location.hash = "#class-285"));
  await expect.poll(() => note.textContent(), {timeout: 10_000}).toContain("Class 285");
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});
