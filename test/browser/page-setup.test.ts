// The page setup every lesson page shares (src/lesson.ts): the reader's image and the model are two inputs. A cell
// that needs only the image never waits for the model; while the model downloads, or if it can't be loaded, the cells
// that need it wait quietly, behind a progress bar or a note that says why.
import type {Page, Route} from "playwright-core";
import {expect, test} from "vitest";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

/** The home page with the model's weights answered by `weights`; errors leave out the browser's own failed-load line. */
async function homeWithWeights(weights: (route: Route) => Promise<void>) {
  const context = await site.browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.route(/\/mobilenet-v1-025\.[0-9a-f]+\.bin$/, weights);
  await page.goto(`${site.url}/?image=cat.png`);
  return {page, errors, close: () => context.close()};
}

const photoLabel = (page: Page) => page.locator("canvas.photo").getAttribute("aria-label");

test("the photo is shown while the model still downloads; the answer follows once it has", async () => {
  const held: Route[] = [];
  const {page, errors, close} = await homeWithWeights(async (route) => void held.push(route));
  try {
    await expect.poll(() => photoLabel(page), {timeout: 30_000}).toBe("The photo you chose: Cat");
    expect(await page.locator(".panel-progress").textContent()).toMatch(/Loading MobileNet v1 0\.25/);
    expect(held.length).toBeGreaterThan(0);
    expect(await page.locator(".top-classes").count()).toBe(0);

    for (const route of held.splice(0)) await route.continue();
    await expect.poll(() => page.locator(".top-classes li").count(), {timeout: 60_000}).toBe(3);
    expect(await page.locator(".panel-progress").count()).toBe(0);
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
});

test("a model that can't be loaded leaves a note in its place; the photo still follows the picker", async () => {
  const {page, errors, close} = await homeWithWeights((route) => route.fulfill({status: 404, body: "not here"}));
  try {
    const note = page.locator('[role="alert"]', {hasText: "The model could not be loaded"});
    await note.waitFor({timeout: 30_000});
    expect(await note.textContent()).toMatch(/weights is missing from this site \(HTTP 404\)/);
    expect(await page.locator(".panel-progress").count()).toBe(0);
    await expect.poll(() => photoLabel(page)).toBe("The photo you chose: Cat");

    await page.getByRole("radio", {name: "Hot dog"}).click();
    await expect.poll(() => photoLabel(page), {timeout: 30_000}).toBe("The photo you chose: Hot dog");
    // The cells that need the model wait: no answer, and no cell failed.
    expect(await page.locator(".top-classes").count()).toBe(0);
    expect(await page.locator(".observablehq--error").count()).toBe(0);
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
});
