// A reader's walk through the lesson: the image chosen on one page is the image the next pages compute with, with no
// ?image= in their URLs (the choice travels in IndexedDB, within one browser profile).
import {existsSync} from "node:fs";
import {join} from "node:path";
import {expect, test} from "vitest";
import {IMAGENET_CLASSES, shortLabel} from "../../components/pipeline/classes.js";
import {IMAGE_SIZE} from "../../components/pipeline/input.js";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";
import {DIST} from "../helpers/site.js";

const site = useSiteAndBrowser();

test("the hot dog chosen on the home page is the image /learned (and /logits) compute with", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/`);
  const topLabels = page.locator(".top-classes-label");
  await expect.poll(() => topLabels.count(), {timeout: 60_000}).toBe(3);
  const catTop = await topLabels.first().textContent();
  expect(catTop).toMatch(/cat/i); // a fresh profile starts with the cat

  await page.getByRole("radio", {name: "Hot dog"}).click();
  await expect.poll(() => topLabels.first().textContent(), {timeout: 60_000}).not.toBe(catTop);
  const hotDogTop = (await topLabels.first().textContent())!;
  // The list shows short labels; the tooltip holds classify()'s full className.
  const hotDogTitle = await topLabels.first().getAttribute("title");
  const hotDogIndex = IMAGENET_CLASSES.findIndex((c) => c.label === hotDogTitle);
  expect(shortLabel(hotDogIndex)).toBe(hotDogTop);
  // The choice is written to IndexedDB before the next page reads it.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<string | undefined>((resolve) => {
            const open = indexedDB.open("mobilenet-lesson", 1);
            open.onsuccess = () => {
              const read = open.result.transaction("choice").objectStore("choice").get("current");
              read.onsuccess = () => {
                open.result.close();
                resolve((read.result as {name?: string} | undefined)?.name);
              };
            };
          })
      )
    )
    .toBe("hot_dog.jpg");

  await page.goto(`${site.url}/learned`);
  expect(new URL(page.url()).searchParams.has("image")).toBe(false);
  const answer = page.locator(".recap-answer-label");
  await answer.waitFor({timeout: 60_000});
  expect(await answer.textContent()).toBe(hotDogTop);
  expect(await page.getByRole("radio", {name: "Hot dog"}).getAttribute("aria-checked")).toBe("true");
  const shapes = await page.locator(".recap-shape").allTextContents();
  expect(shapes[0]).toMatch(/^\[\d+, \d+, 3\]$/);
  expect(shapes.slice(1)).toEqual([
    `[1, ${IMAGE_SIZE}, ${IMAGE_SIZE}, 3]`,
    `[1, ${IMAGENET_CLASSES.length}]`,
    `[1, ${IMAGENET_CLASSES.length}]`
  ]);
  expect(await page.locator(".recap-note").last().textContent()).toContain(`class ${hotDogIndex}`);
  const probability = parseFloat((await page.locator(".recap-answer-probability").textContent())!);
  expect(probability).toBeGreaterThan(0);
  expect(probability).toBeLessThan(100);
  expect(await seriousViolations(page)).toEqual([]);

  // The logits page belongs to another step of the work; check it once it exists.
  if (existsSync(join(DIST, "logits.html"))) {
    await page.goto(`${site.url}/logits`);
    await expect.poll(() => page.locator("#observablehq-main").textContent(), {timeout: 60_000}).toContain(hotDogTop);
    expect(await page.getByRole("radio", {name: "Hot dog"}).getAttribute("aria-checked")).toBe("true");
  }

  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("/learned in dark mode on a phone: the recap for the cat, and no serious accessibility problems", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/learned?image=cat.png`, {
    colorScheme: "dark",
    viewport: {width: 390, height: 800}
  });
  const answer = page.locator(".recap-answer-label");
  await answer.waitFor({timeout: 60_000});
  expect(await answer.textContent()).toMatch(/cat/i);
  expect(await page.locator(".recap-note").nth(3).textContent()).toMatch(
    /add up to (1(\.0000\d+)?|0\.9999\d+)(?![\d.])/
  );
  const offsite = await page
    .locator("a[href^='http']")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  expect(offsite.length).toBeGreaterThan(0); // links to public docs are for the reader to click…
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]); // …but nothing loads from them
  await page.context().close();
});
