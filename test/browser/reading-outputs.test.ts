// The three experiments that read the outputs, in Chromium on the real model: preprocessing (six pictures, six answers,
// the squash matching the package), categories (sums that add up, a tree that climbs to everything) and none of the
// above (pictures of nothing against the gallery, with a threshold, and the reader's photo judged by it). Each renders
// for two photos, frees its tensors when the photo changes, and has no serious axe findings, no console errors and no
// request leaving 127.0.0.1.
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {seriousViolations} from "../helpers/axe.js";
import {solid} from "../helpers/bad-images.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {liveTensors} from "../helpers/live-tensors.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

const choosePhoto = (page: Page, title: string) =>
  page.locator(`.image-picker-gallery button[title="${title}"]`).click();

test("preprocessing: six pictures and answers for two photos; squash is the package's own answer", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/explore/preprocessing?image=cat.png`);
  const cards = page.locator(".preprocessing-card");
  const card = (id: string) => page.locator(`.preprocessing-card[data-preprocessing="${id}"]`);
  const number = async (id: string, name: string) => Number(await card(id).getAttribute(`data-${name}`));
  await expect.poll(() => cards.count(), {timeout: 90_000}).toBe(6);

  const check = async (referenceTop: string) => {
    for (const id of ["squash", "crop", "pad", "range", "bgr", "nearest"]) {
      expect(await card(id).locator("canvas.picture-canvas").count()).toBe(1);
      expect(await card(id).locator(".top-classes li").count()).toBe(5);
      expect(await card(id).locator(".kl dd").textContent()).toMatch(/ bits$/);
    }
    // Squash rebuilds the package's own preprocessing: the same answer up to float32 rounding.
    expect(await number("squash", "kl-bits")).toBeLessThan(1e-3);
    expect(Math.abs(await number("squash", "logit-change"))).toBeLessThan(1e-3);
    expect(await card("squash").getAttribute("data-top1")).toBe(referenceTop);
    // The others move the answer: every one some distance, the wrong range a lot.
    for (const id of ["crop", "pad", "range", "bgr", "nearest"])
      expect(await number(id, "kl-bits")).toBeGreaterThan(1e-3);
    expect(await number("range", "kl-bits")).toBeGreaterThan(0.1);
  };
  await check("285"); // the cat: Egyptian cat
  const tensors = await liveTensors(page);

  await choosePhoto(page, "Parrot");
  await expect.poll(() => card("squash").getAttribute("data-top1"), {timeout: 30_000}).toBe("88"); // macaw
  await check("88");
  // A red macaw with red and blue swapped: a clear distance from the reference.
  expect(await number("bgr", "kl-bits")).toBeGreaterThan(0.1);

  await choosePhoto(page, "Cat");
  await expect.poll(() => card("squash").getAttribute("data-top1"), {timeout: 30_000}).toBe("285");
  await expect.poll(() => liveTensors(page), {timeout: 10_000}).toBe(tensors);

  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("categories: classes and categories side by side for two photos, adding up to 1, and a climb to 'entity'", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/explore/categories?image=cat.png`);
  const categories = page.locator('.classes-and-categories [data-view="categories"] li');
  const classes = page.locator('.classes-and-categories [data-view="classes"] li');
  const percent = async (item: ReturnType<Page["locator"]>) =>
    Number((await item.locator(".top-classes-value").textContent())!.replace("%", ""));
  await expect.poll(() => categories.count(), {timeout: 90_000}).toBe(8);
  expect(await classes.count()).toBe(8);

  const check = async (category: string) => {
    expect(await categories.first().getAttribute("data-category")).toBe(category);
    // The category holds its classes: more than the best class alone.
    expect(await percent(categories.first())).toBeGreaterThan(await percent(classes.first()));
    const steps = page.locator(".ancestor-bars li");
    expect(await steps.last().getAttribute("data-synset")).toBe("entity");
    expect(Number(await steps.last().getAttribute("data-probability"))).toBeCloseTo(1, 4);
    const values = await steps.evaluateAll((items) =>
      items.map((item) => Number(item.getAttribute("data-probability")))
    );
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]! - 1e-6);
    expect(await page.locator(".cat-dog-answer").textContent()).toMatch(/cat \d.*dog \d/s);
  };
  await check("domestic cats");
  expect(await page.locator(".ancestor-bars li").nth(1).getAttribute("data-synset")).toBe("domestic cat");
  const text = await page.locator("main").textContent();
  // Sums written as softmax makes them, "1" or a float32 a hair from it, never rounded to "1.0000" (README).
  expect(text).toMatch(
    /All 1000 classes add up to\s+(1|0\.99999\d+|1\.00000\d+) and all 27 categories to (1|0\.99999\d+|1\.00000\d+)\s+\(both 1, up to the rounding of 32-bit sums\):/
  );
  const tensors = await liveTensors(page);

  await choosePhoto(page, "Parrot");
  await expect.poll(() => categories.first().getAttribute("data-category"), {timeout: 30_000}).toBe("birds");
  await check("birds");

  // Climbing from another of the top 5 classes.
  const second = page.locator(".choice-input label").nth(1);
  const secondName = (await second.textContent())!.trim();
  await second.click();
  await expect.poll(() => page.locator(".ancestor-bars li").first().getAttribute("data-synset")).toBe(secondName);

  // Back to the cat: every tensor the parrot's run made has been freed.
  await choosePhoto(page, "Cat");
  await expect.poll(() => categories.first().getAttribute("data-category"), {timeout: 30_000}).toBe("domestic cats");
  await expect.poll(() => page.locator(".ancestor-bars li").first().getAttribute("data-synset")).toBe("Egyptian cat");
  await expect.poll(() => liveTensors(page), {timeout: 10_000}).toBe(tensors);

  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("none of the above: pictures of nothing against the gallery, a threshold that says 'I don't know', and the reader's photo", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/explore/none-of-these?image=cat.png`);
  const strip = page.locator(".threshold-strip");
  const photoRow = page.locator('.confidence-table tr[data-group="photo"]');
  const verdict = page.locator(".threshold-verdict");
  await strip.waitFor({timeout: 90_000});
  const rows = page.locator(".confidence-table tbody tr");
  expect(await rows.count()).toBe(13); // 5 pictures of nothing, 7 gallery photos, the reader's photo
  expect(await page.locator('.confidence-table tr[data-group="nothing"]').count()).toBe(5);
  expect(await page.locator('.confidence-table tr[data-group="gallery"]').count()).toBe(7);
  expect(await page.locator(".nothing-pictures canvas").count()).toBe(5);
  expect(await photoRow.locator("th").textContent()).toBe("Your photo (Cat)");
  expect(await strip.locator(".threshold-dot.photo").count()).toBe(1);

  const value = (picture: string, measure: string) =>
    page
      .locator(`.confidence-table tr[data-picture="${picture}"] td[data-measure="${measure}"]`)
      .getAttribute("data-value");
  const photoValue = async (measure: string) =>
    Number(await photoRow.locator(`td[data-measure="${measure}"]`).getAttribute("data-value"));
  // Flat grey: entropy in bits between 0 and log₂ 1000, energy −logsumexp below the entropy's scale.
  const greyEntropy = Number(await value("Grey", "entropyBits"));
  expect(greyEntropy).toBeGreaterThan(0);
  expect(greyEntropy).toBeLessThan(Math.log2(1000));
  // The parrot, which the model knows, is surer than grey on all three measures.
  expect(Number(await value("Parrot", "topProbability"))).toBeGreaterThan(
    Number(await value("Grey", "topProbability"))
  );
  expect(Number(await value("Parrot", "entropyBits"))).toBeLessThan(greyEntropy);
  expect(Number(await value("Parrot", "energy"))).toBeLessThan(Number(await value("Grey", "energy")));
  // The reader's photo is the gallery's cat, through the same model: the same three numbers.
  for (const measure of ["topProbability", "entropyBits", "energy"])
    expect(await photoValue(measure)).toBeCloseTo(Number(await value("Cat", measure)), 4);
  const cat = await photoValue("topProbability");
  const tensors = await liveTensors(page);

  // A flat grey photo of the reader's own, made here: the model sees what it sees in the page's grey.
  const grey = await solid(64, 48, [128, 128, 128]).png().toBuffer();
  await page.locator('input[type="file"]').setInputFiles({name: "wall.png", mimeType: "image/png", buffer: grey});
  await expect.poll(() => photoRow.locator("th").textContent(), {timeout: 30_000}).toBe("Your photo (wall.png)");
  for (const measure of ["topProbability", "entropyBits", "energy"])
    expect(await photoValue(measure)).toBeCloseTo(Number(await value("Grey", measure)), 3);
  const wall = await photoValue("topProbability");
  expect(wall).toBeLessThan(cat);

  // A threshold between the two: the cat is answered, the wall gets "I don't know".
  const between = (Math.round(((cat + wall) / 2) * 100) / 100).toFixed(2);
  await page.locator("#threshold-slider").fill(between);
  await expect.poll(() => verdict.getAttribute("data-unsure")).toBe("true");
  expect(await verdict.textContent()).toMatch(
    /^Your photo \(wall\.png\): its top probability is .*, below the threshold of .*, so the classifier says “I don't know”\.$/
  );
  expect(await photoRow.getAttribute("data-unsure")).toBe("true");
  expect(await photoRow.locator("td.unsure").textContent()).toBe("I don't know");
  expect(await strip.locator("figcaption").textContent()).toMatch(/Your photo \(wall\.png\): “I don't know”\.$/);
  // The reader's photo is neither group: the counts are the 12 pictures' own.
  const counts = async () => [
    await strip.getAttribute("data-nothing-rejected"),
    await strip.getAttribute("data-gallery-rejected")
  ];
  const wallCounts = await counts();

  await choosePhoto(page, "Cat");
  await expect.poll(() => photoRow.locator("th").textContent(), {timeout: 30_000}).toBe("Your photo (Cat)");
  await expect.poll(() => verdict.getAttribute("data-unsure")).toBe("false");
  expect(await photoValue("topProbability")).toBeCloseTo(cat, 6);
  expect(await verdict.textContent()).toMatch(
    /, not below the threshold of .*, so the classifier answers Egyptian cat\.$/
  );
  expect(await photoRow.locator("td.answered").textContent()).toBe("Egyptian cat");
  expect(await page.locator("#threshold-slider").inputValue()).toBe(between); // the threshold stays where it was set
  expect(await counts()).toEqual(wallCounts);
  // Every tensor the wall's run made has been freed.
  await expect.poll(() => liveTensors(page), {timeout: 10_000}).toBe(tensors);

  const rejected = async () => Number(await strip.getAttribute("data-gallery-rejected"));
  // Top probability below 0: nothing rejected; below 1: everything.
  await page.locator("#threshold-slider").fill("0");
  await expect.poll(rejected).toBe(0);
  expect(await strip.getAttribute("data-nothing-rejected")).toBe("0");
  await page.locator("#threshold-slider").fill("1");
  await expect.poll(rejected).toBe(7);
  expect(await page.locator(".confidence-table td.unsure").count()).toBe(13);

  // Energy: the slider, the answers and the verdict follow the measure.
  await page.locator(".choice-input").getByText("energy").click();
  await expect.poll(() => page.locator(".threshold-input label").textContent()).toMatch(/energy is above/);
  expect(await page.locator(".threshold-strip figcaption").textContent()).toMatch(/energy above/);
  expect(await verdict.textContent()).toMatch(/^Your photo \(Cat\): its energy is −\d/);

  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});
