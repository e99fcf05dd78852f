// The site when the network goes away and over many image changes (no tensor may leak), and the
// Content-Security-Policy, which must hold on every page without a single violation.
import {describe, expect, test} from "vitest";
import {CROSS_ORIGIN_ISOLATION, serveSite} from "../helpers/site.js";
import {
  afterChoice,
  configuredPages,
  EXPECTED,
  imageProblem,
  photoState,
  SITE_DIR,
  tensorCount,
  upload,
  useRobustnessSite,
  waitForPrediction
} from "../helpers/robustness.js";

const site = useRobustnessSite();

test("a model that loaded once keeps working if the reader goes offline", async () => {
  const {page, errors, context} = await site.watch(`${site.server.url}/?image=cat.png`);
  try {
    const before = await waitForPrediction(page);
    // The picker shows small copies of the samples; a photo itself is downloaded when chosen, and then kept.
    const online = await afterChoice(page, () => page.locator('button[data-name="hot_dog.jpg"]').click(), {
      shows: "Hot dog"
    });
    await afterChoice(page, () => page.locator('button[data-name="cat.png"]').click(), {shows: "Cat"});
    await context.setOffline(true);
    const after = await afterChoice(page, () => page.locator('button[data-name="hot_dog.jpg"]').click(), {
      shows: "Hot dog"
    });
    expect((await photoState(page)).label).toBe("The photo you chose: Hot dog");
    expect(await imageProblem(page).count()).toBe(0);
    expect(after).not.toEqual(before);
    expect(after).toEqual(online);
    expect(after.join(" ")).toMatch(/hotdog|hot dog/i);
    // A sample never chosen before cannot be downloaded now: the page says so and keeps the hot dog.
    await afterChoice(page, () => page.locator('button[data-name="parrot.jpg"]').click(), {refuses: "Parrot"});
    expect(await imageProblem(page).textContent()).toMatch(
      /photo “Parrot” could not be downloaded\. Check your connection, or use your own photo\. The page still shows Hot dog/
    );
    expect((await photoState(page)).label).toBe("The photo you chose: Hot dog");
    // An upload needs no network at all.
    const own = await afterChoice(page, () => upload(page, site.corpus.webp), {shows: site.corpus.webp.name});
    expect(own).toHaveLength(3);
    expect((await photoState(page)).label).toBe("The photo you chose: photo.webp");
    // The browser itself logs the parrot's failed download; nothing else may go wrong.
    expect(errors.filter((error) => !error.includes("net::ERR_INTERNET_DISCONNECTED"))).toEqual([]);
  } finally {
    await context.close();
  }
});

test("200 image changes leave no tensor behind", {timeout: 300_000}, async () => {
  const {page, errors, context} = await site.watch(`${site.server.url}/?image=cat.png`);
  try {
    await waitForPrediction(page);
    const baseline = await tensorCount(page);
    expect(baseline, "the model's weights are tensors: a count of 0 would mean another tfjs instance").toBeGreaterThan(
      50
    );
    const samples = await page
      .locator(".image-picker-gallery button")
      .evaluateAll((buttons) =>
        buttons.map((b) => ({name: (b as HTMLElement).dataset.name!, title: (b as HTMLElement).title}))
      );
    const uploads = (["pdf", "tiny", "bomb", "rgba", "truncatedJpeg", "animatedGif"] as const).map((name) => ({
      file: site.corpus[name],
      outcome: "refused" in EXPECTED[name] ? {refuses: site.corpus[name].name} : {shows: site.corpus[name].name}
    }));
    for (let cycle = 0; cycle < 200; cycle++) {
      if (cycle % 5 === 4) {
        const {file, outcome} = uploads[Math.floor(cycle / 5) % uploads.length]!;
        await afterChoice(page, () => upload(page, file), outcome);
      } else {
        const sample = samples[cycle % samples.length]!;
        await afterChoice(page, () => page.locator(`button[data-name="${sample.name}"]`).click(), {
          shows: sample.title
        });
      }
    }
    await afterChoice(page, () => page.locator('button[data-name="cat.png"]').click(), {shows: "Cat"});
    expect(await tensorCount(page)).toBe(baseline);
    console.log(`Tensors after 200 image changes: ${baseline}, as before them.`);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

describe("Content-Security-Policy", () => {
  test("every page carries it and runs under it with no violation", {timeout: 240_000}, async () => {
    const report: string[] = [];
    for (const path of configuredPages()) {
      const {page, errors, violations, context} = await site.watch(`${site.server.url}${path}`);
      try {
        const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
        expect(policy, path).toMatch(/default-src 'self'/);
        expect(policy, path).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;| )/); // inline scripts by hash only
        expect(policy, path).not.toMatch(/'unsafe-eval'/); // only the preview server needs eval()
        await page.waitForLoadState("networkidle");
        await page.waitForTimeout(1500);
        const seen = await violations();
        report.push(`${path}: ${seen.length} violations, ${errors.length} console errors`);
        expect(seen, path).toEqual([]);
        expect(errors, path).toEqual([]);
      } finally {
        await context.close();
      }
    }
    console.log(`CSP:\n  ${report.join("\n  ")}`);
  });

  test("on a host that makes pages cross-origin isolated, tfjs's threaded WebAssembly runs under the policy", async () => {
    const isolated = await serveSite(SITE_DIR, CROSS_ORIGIN_ISOLATION);
    const {page, errors, violations, context} = await site.watch(`${isolated.url}/`);
    try {
      await page.locator(".top-classes li").first().waitFor({timeout: 60_000});
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      // tfjs takes half the cores for WebAssembly threads (so one on a two-core machine, which the line doesn't mention).
      expect(await page.locator(".model-backend").textContent()).toMatch(/wasm( \(\d+ threads\))? backend/);
      expect(await page.locator(".top-classes li").first().textContent()).toContain("Egyptian cat");
      expect(await violations()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await isolated.close();
    }
  });

  test("the policy really blocks what it should: a script from another origin does not run", async () => {
    const {page, violations, context} = await site.watch(`${site.server.url}/`);
    try {
      await page.evaluate(() => {
        const script = document.createElement("script");
        script.src = "https://example.com/evil.js";
        document.head.append(script);
      });
      await expect
        .poll(violations)
        .toEqual([expect.stringMatching(/^script-src-elem https:\/\/example\.com\/evil\.js/)]);
    } finally {
      await context.close();
    }
  });
});
