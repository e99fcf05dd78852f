// The page's upload under fuzz, in Chromium on the built site: 50 damaged files (test/helpers/image-fuzz.ts: cut off,
// bytes flipped, dimensions and chunk lengths forged, chunks repeated), one after another on the home page. Each is
// shown or refused with a message; a refusal keeps the last good image and its results; the page never logs an error
// or a policy violation, and still classifies a sample at the end.
import fc from "fast-check";
import type {Page} from "playwright-core";
import {expect, test} from "vitest";
import {IMAGENET_CLASSES} from "../../components/pipeline/classes.js";
import {recordViolations} from "../helpers/csp.js";
import {galleryPhotos, generatedSeeds, mutate, mutationsArbitrary} from "../helpers/image-fuzz.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();
const CASES = 50;

/** Uploads `bytes` as `name` and waits until the page has answered: the photo drawn under that name, or a refusal
 * naming it, followed by the results list (for a refusal, drawn again from the image kept). Returns which. */
async function uploadAndWait(page: Page, name: string, bytes: Uint8Array): Promise<"shown" | "refused"> {
  await page.evaluate((name) => {
    const state = window as unknown as {__answer: Promise<string>};
    state.__answer = new Promise<string>((resolve) => {
      let answer: string | undefined;
      const observer = new MutationObserver((records) => {
        for (const node of records.flatMap((record) => [...record.addedNodes])) {
          if (!(node instanceof Element)) continue;
          for (const element of [node, ...node.querySelectorAll("canvas.photo, [role=alert]")]) {
            if (
              element.matches("canvas.photo") &&
              element.getAttribute("aria-label") === `The photo you chose: ${name}`
            )
              answer = "shown";
            else if (element.matches("[role=alert]") && element.textContent!.includes(`“${name}”`)) answer = "refused";
          }
          if (answer && (node.matches(".top-classes") || node.querySelector(".top-classes"))) {
            observer.disconnect();
            resolve(answer);
          }
        }
      });
      observer.observe(document.body, {childList: true, subtree: true});
    });
  }, name);
  await page.locator('input[type="file"]').setInputFiles({name, mimeType: "image/png", buffer: Buffer.from(bytes)});
  const answer = page.evaluate(() => (window as unknown as {__answer: Promise<string>}).__answer);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no photo or refusal, then results, within 30 s`)), 30_000);
  });
  return (await Promise.race([answer, late]).finally(() => clearTimeout(timer))) as "shown" | "refused";
}

async function pageState(page: Page) {
  return {
    photo: await page.locator("canvas.photo").getAttribute("aria-label"),
    labels: await page.locator(".top-classes-label").allTextContents()
  };
}

test(
  `${CASES} damaged uploads: each shown or refused, the last good image kept, the page still working`,
  {timeout: 300_000},
  async () => {
    const seeds = [...(await generatedSeeds()), ...(await galleryPhotos())];
    const cases = fc.sample(fc.tuple(fc.nat(), mutationsArbitrary), CASES);
    const context = await site.browser.newContext({viewport: {width: 1280, height: 900}});
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("crash", () => errors.push("the page crashed"));
    const violations = await recordViolations(page);
    const known = new Set(IMAGENET_CLASSES.map((c) => c.label));
    const tally = {shown: 0, refused: 0};
    try {
      await page.goto(`${site.url}/?image=cat.png`);
      await expect.poll(() => page.locator(".top-classes li").count(), {timeout: 60_000}).toBe(3);
      let lastGood = await pageState(page);
      for (const [index, [seedIndex, mutations]] of cases.entries()) {
        const seed = seeds[seedIndex % seeds.length]!;
        const name = `fuzz-${index}-${seed.name}`;
        const where = `${name}: ${JSON.stringify(mutations)}`;
        const answer = await uploadAndWait(page, name, mutate(seed.bytes, mutations));
        tally[answer]++;
        const state = await pageState(page);
        if (answer === "refused") {
          expect(state, where).toEqual(lastGood);
        } else {
          expect(state.photo, where).toBe(`The photo you chose: ${name}`);
          expect(state.labels, where).toHaveLength(3);
          expect(
            state.labels.every((label) => known.has(label)),
            where
          ).toBe(true);
          lastGood = state;
        }
        expect(errors, where).toEqual([]);
      }
      // Still working: a sample photo is shown and classified.
      await page.locator('button[data-name="cat.png"]').click();
      await expect.poll(() => page.locator("canvas.photo").getAttribute("aria-label")).toBe("The photo you chose: Cat");
      await expect.poll(() => page.locator(".top-classes-label").first().textContent()).toMatch(/cat/i);
      console.log(`Damaged uploads: ${tally.shown} shown, ${tally.refused} refused.`);
      expect(await violations()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }
);
