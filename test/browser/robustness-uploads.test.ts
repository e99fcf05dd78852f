// Every kind of bad (or merely odd) file a reader can upload (test/helpers/bad-images.ts): each is shown or refused
// as expected, a refusal keeps the last good image and its results, and a hostile file name stays text.
import {describe, expect, test} from "vitest";
import {IMAGENET_CLASSES, shortLabel} from "../../components/pipeline/classes.js";
import {
  afterChoice,
  EXPECTED,
  imageProblem,
  near,
  photoState,
  pixelAt,
  upload,
  useRobustnessSite,
  waitForPrediction,
  type Expectation
} from "../helpers/robustness.js";
import type {CorpusCase} from "../helpers/bad-images.js";

const site = useRobustnessSite();

describe("uploads", () => {
  test(
    "every file of the corpus is shown or refused as expected; a refusal keeps the last good image and results",
    {timeout: 240_000},
    async () => {
      const {page, errors, dialogs, violations, context} = await site.watch(`${site.server.url}/?image=cat.png`);
      const report: string[] = [];
      try {
        let lastGood = {labels: await waitForPrediction(page), photo: await photoState(page)};
        expect(lastGood.photo.label).toBe("The photo you chose: Cat");

        for (const [name, expected] of Object.entries(EXPECTED) as [CorpusCase, Expectation][]) {
          const file = site.corpus[name];
          const started = Date.now();
          const labels = await afterChoice(
            page,
            () => upload(page, file),
            "refused" in expected ? {refuses: file.name} : {shows: file.name}
          );
          const elapsed = Date.now() - started;
          if ("refused" in expected) {
            const panel = imageProblem(page);
            await expect.poll(() => panel.count()).toBe(1);
            const message = (await panel.textContent()) ?? "";
            report.push(`${name} (${file.name}): refused in ${elapsed} ms: ${message}`);
            expect(message, name).toMatch(expected.refused);
            expect(message, name).toContain(
              `The page still shows ${lastGood.photo.label.replace("The photo you chose: ", "")}.`
            );
            if (expected.within) expect(elapsed, `${name} took ${elapsed} ms`).toBeLessThan(expected.within);
            // The previous image and its results stay.
            expect(await photoState(page)).toEqual(lastGood.photo);
            expect(labels).toEqual(lastGood.labels);
          } else {
            await expect
              .poll(() => imageProblem(page).allTextContents(), {message: `${name} should not be refused`})
              .toEqual([]);
            const state = await photoState(page);
            const notes = (await page.locator(".image-notes").textContent()) ?? "";
            report.push(
              `${name} (${file.name}): shown ${state.width}×${state.height}; notes: ${notes || "none"}; top: ${labels.join(", ")}`
            );
            expect(state.label).toBe(`The photo you chose: ${file.name}`);
            expect([state.width, state.height], name).toEqual(expected.size);
            if (expected.notes) expect(notes, name).toMatch(expected.notes);
            if (expected.noNotes) expect(notes, name).toBe("");
            if (expected.pixel) {
              const [x, y] = expected.pixel.at;
              const rgba = await pixelAt(page, x, y);
              expect(
                near(rgba, [...expected.pixel.rgb, 255], expected.pixel.tolerance),
                `${name} pixel (${x}, ${y}) = ${rgba}`
              ).toBe(true);
            }
            const known = new Set(IMAGENET_CLASSES.map((c) => shortLabel(c.index))); // the lists show short labels
            expect(labels.every((label) => known.has(label))).toBe(true);
            lastGood = {labels, photo: state};
          }
        }
        console.log(`Upload outcomes:\n  ${report.join("\n  ")}`);

        // The hostile name was shown as text everywhere: no element was made from it, nothing ran.
        expect(await page.locator('img[src="x"]').count()).toBe(0);
        expect(await page.locator(".image-picker-current").textContent()).toBe(
          "Chosen: <img src=x onerror=alert(1)>.png"
        );
        expect(dialogs).toEqual([]);
        expect(errors).toEqual([]);
        expect(await violations()).toEqual([]);
      } finally {
        await context.close();
      }
    }
  );

  test("a refused file with a hostile name shows the name literally in the panel", async () => {
    const {page, errors, dialogs, context} = await site.watch(`${site.server.url}/?image=cat.png`);
    try {
      await waitForPrediction(page);
      const name = `<img src=x onerror=alert(1)>.txt`;
      await afterChoice(
        page,
        () => upload(page, {name, mimeType: "text/plain", bytes: new TextEncoder().encode("hello")}),
        {refuses: name}
      );
      expect(await imageProblem(page).textContent()).toContain(`“${name}” is a text file`);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test("a refused choice is not saved: the other pages and a reload keep the last good image", async () => {
    const {page, errors, context} = await site.watch(`${site.server.url}/?image=cat.png`);
    try {
      await waitForPrediction(page);
      await afterChoice(page, () => page.locator('button[data-name="parrot.jpg"]').click(), {shows: "Parrot"});
      expect((await photoState(page)).label).toBe("The photo you chose: Parrot");
      await afterChoice(page, () => upload(page, site.corpus.pdf), {refuses: site.corpus.pdf.name});
      await expect.poll(() => imageProblem(page).count()).toBe(1);
      expect(new URL(page.url()).searchParams.get("image")).toBe("parrot.jpg");
      // Without ?image=, the page starts from what was saved (IndexedDB): still the parrot.
      await page.goto(`${site.server.url}/`);
      await waitForPrediction(page);
      expect((await photoState(page)).label).toBe("The photo you chose: Parrot");
      expect(await imageProblem(page).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
