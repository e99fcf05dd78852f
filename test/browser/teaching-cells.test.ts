// Teaching cells edited where they stand, on the logits page in Chromium: Edit turns the code into CodeMirror, Run
// sends the page's own values to the code runner's worker and shows what the edited code makes, a broken or endless
// cell breaks nothing, nothing leaks; and none of it is fetched before the reader presses Edit.
import {readFile} from "node:fs/promises";
import type {Locator, Page} from "playwright-core";
import {expect, test} from "vitest";
import {DEFAULT_TIME_LIMIT} from "../../components/browser/run-cell.js";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, openPage} from "../helpers/browser.js";
import {liveTensors} from "../helpers/live-tensors.js";
import {readPageCells} from "../helpers/page-cells.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

/** What Edit loads: the editor, its language, the parser, the code runner and its worker. */
const EDITOR_CODE = /@codemirror|@lezer|acorn|cell-editing|code-editor|code-cell|cell-worker|run-cell/;

const LOGITS_CELL = "const logits = model.infer(image);";

async function openLogits(url: string, options: Parameters<typeof openPage>[2] = {}) {
  const opened = await openPage(site.browser, `${url}/logits?image=cat.png`, options);
  await expect.poll(() => opened.page.locator(".logits-shape").textContent(), {timeout: 60_000}).toBe("[1, 1000]");
  await opened.page.locator(".cell-tools button", {hasText: "Edit"}).first().waitFor();
  return opened;
}

/** Presses Edit under the logits cell and waits for its editor. */
async function editLogitsCell(page: Page): Promise<Locator> {
  const tools = page.locator(".cell-tools").first();
  await tools.getByRole("button", {name: /^Edit/}).click();
  const cell = page.locator(".code-cell.in-place").first();
  await cell.locator(".cm-content").waitFor();
  expect(await cell.locator(".cm-content").textContent()).toContain(LOGITS_CELL);
  return cell;
}

async function typeCode(cell: Locator, code: string): Promise<void> {
  const content = cell.locator(".cm-content");
  await content.click();
  await content.press("ControlOrMeta+a");
  await content.page().keyboard.insertText(code);
}

const runs = async (cell: Locator) => Number((await cell.getAttribute("data-runs")) ?? 0);
const output = (cell: Locator) => cell.locator(".code-cell-output").textContent();

async function runAndWait(cell: Locator, how: "button" | "keyboard" = "button"): Promise<string> {
  const before = await runs(cell);
  if (how === "keyboard") await cell.locator(".cm-content").press("ControlOrMeta+Enter");
  else await cell.getByRole("button", {name: "Run"}).click();
  await expect.poll(() => runs(cell), {timeout: DEFAULT_TIME_LIMIT + 20_000}).toBe(before + 1);
  return (await output(cell)) ?? "";
}

test("a page fetches no editor code until Edit; then the edited logits cell runs on the page's model and photo", async () => {
  const {page, requests, errors} = await openLogits(site.url);
  await page.waitForTimeout(500);
  expect(requests.filter((url) => EDITOR_CODE.test(url))).toEqual([]);

  const cell = await editLogitsCell(page);
  expect(requests.some((url) => url.includes("@codemirror/view"))).toBe(true);
  // The editor has the focus, and says how to leave it.
  expect(
    await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.classList.contains("cm-content"))
  ).toBe(true);
  expect(await cell.locator(".cm-content").getAttribute("aria-label")).toMatch(/Esc, then Tab/);

  // The original first: the page's [1, 1000] logits, computed again in the worker from the page's own photo.
  expect(await runAndWait(cell)).toMatch(/^logits: float32 tensor, shape \[1, 1000\]/);

  await typeCode(
    cell,
    "const logits = model.infer(image).slice([0, 0], [1, 5]);\ninvalidation.then(() => logits.dispose());"
  );
  const text = await runAndWait(cell, "keyboard");
  expect(text).toMatch(/^logits: float32 tensor, shape \[1, 5\]/);
  expect(text.replace(/^.*\n/, "").match(/-?\d+\.\d+/g)).toHaveLength(5);
  // The page itself is untouched: its own cells still show [1, 1000].
  expect(await page.locator(".logits-shape").textContent()).toBe("[1, 1000]");

  // Brackets match (the cursor ends after the last one), and undo brings the code before back.
  // (Typed key by key this time, as a reader types.)
  await cell.locator(".cm-content").press("ControlOrMeta+a");
  await page.keyboard.type("tf.ones([2])");
  expect(await cell.locator(".cm-content").textContent()).toBe("tf.ones([2])");
  expect(await cell.locator(".cm-matchingBracket").count()).toBe(2);
  await cell.locator(".cm-content").press("ControlOrMeta+z");
  expect(await cell.locator(".cm-content").textContent()).toContain(".slice([0, 0], [1, 5])");

  // Esc, then Tab, leaves the editor for the next control (with the cursor in the code; a first Esc clears a selection).
  await cell.locator(".cm-content").press("End");
  await cell.locator(".cm-content").press("Escape");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Run");

  // Close shows the page's code again, and Edit brings the edits back.
  await cell.getByRole("button", {name: "Close"}).click();
  expect(await cell.isHidden()).toBe(true);
  expect(await page.locator(".observablehq-pre-container").first().isVisible()).toBe(true);

  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("a syntax error names its line and Reset restores; an endless loop is stopped and the page keeps working", async () => {
  const {page, errors} = await openLogits(site.url);
  const cell = await editLogitsCell(page);
  const original = await cell.locator(".cm-content").textContent();

  await typeCode(cell, "const logits = model.infer(image);\nconst broken = ;");
  expect(await runAndWait(cell)).toMatch(/Line 2.*SyntaxError/);
  expect(await cell.getAttribute("data-state")).toBe("error");
  expect(await cell.locator(".cm-error-line").count()).toBe(1);
  await cell.getByRole("button", {name: "Reset"}).click();
  expect(await cell.locator(".cm-content").textContent()).toBe(original);

  // A run-time error names its line too.
  await typeCode(cell, "const a = tf.ones([2, 3]);\n\nconst logits = tf.matMul(a, a);");
  expect(await runAndWait(cell)).toMatch(/Line 3/);

  await typeCode(cell, "const logits = model.infer(image);\nwhile (true) {}");
  const started = Date.now();
  expect(await runAndWait(cell)).toMatch(new RegExp(`Stopped after ${DEFAULT_TIME_LIMIT / 1000} s`));
  expect(Date.now() - started).toBeGreaterThanOrEqual(DEFAULT_TIME_LIMIT - 1_000);

  // The page kept working all along: another photo still gets its logits…
  const printed = await page.locator(".print-output").textContent();
  await page.getByRole("radio", {name: /Parrot/}).click();
  await expect.poll(() => page.locator(".print-output").textContent(), {timeout: 60_000}).not.toBe(printed);
  expect(await page.locator(".code-cell.in-place").count()).toBe(1);
  // …and the cell runs again, in a fresh worker, on the new photo.
  await cell.getByRole("button", {name: "Reset"}).click();
  expect(await runAndWait(cell)).toMatch(/^logits: float32 tensor, shape \[1, 1000\]/);
  expect(errors).toEqual([]);
}, 180_000);

test("Stop ends an endless edited cell at once, and the cell runs again after it", async () => {
  const {page, errors} = await openLogits(site.url);
  const cell = await editLogitsCell(page);
  await runAndWait(cell); // the worker is up
  await typeCode(cell, "while (true) {}");
  const before = await runs(cell);
  await cell.getByRole("button", {name: "Run"}).click();
  await expect.poll(() => cell.getAttribute("data-state")).toBe("running");
  const started = Date.now();
  await cell.getByRole("button", {name: "Stop"}).click();
  await expect.poll(() => runs(cell), {timeout: 10_000}).toBe(before + 1);
  expect(Date.now() - started).toBeLessThan(DEFAULT_TIME_LIMIT / 2);
  expect(await cell.locator(".code-cell-status").textContent()).toBe("Stopped");
  await cell.getByRole("button", {name: "Reset"}).click();
  expect(await runAndWait(cell)).toMatch(/^logits: float32 tensor, shape \[1, 1000\]/);
  expect(errors).toEqual([]);
});

test("50 runs leak no tensor, in the page or in the worker; axe finds nothing serious with the editor open", async () => {
  const {page, errors} = await openLogits(site.url);
  const cell = await editLogitsCell(page);
  await typeCode(cell, "const logits = model.infer(image).slice([0, 0], [1, 5]);\nconst doubled = logits.mul(2);");
  await runAndWait(cell);
  const pageBefore = await liveTensors(page);
  const status = () => cell.locator(".code-cell-status").textContent();
  const [, workerBefore] = /tensors in memory (\d+) → (\d+)/.exec((await status())!)!;
  for (let i = 0; i < 50; i++) await runAndWait(cell);
  expect(await status()).toMatch(new RegExp(`tensors in memory ${workerBefore} → ${workerBefore}(?!\\d)`));
  expect(await liveTensors(page)).toBe(pageBefore);

  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test("the editor's colours follow the dark theme, and Copy gives the page's cells as one file", async () => {
  const {page, errors} = await openLogits(site.url, {colorScheme: "dark"});
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const cell = await editLogitsCell(page);
  // (Locators reach into the editor's shadow root; document.querySelector would not.)
  const colours = {
    editor: await cell.locator(".cm-editor").evaluate((element) => getComputedStyle(element).backgroundColor),
    code: await page
      .locator("pre[data-language=js]")
      .first()
      .evaluate((element) => getComputedStyle(element).backgroundColor),
    // The first keyword: the cell opens with a comment, which has a colour of its own.
    keyword: await cell
      .locator(".cm-line span", {hasText: /^const$/})
      .first()
      .evaluate((element) => getComputedStyle(element).color)
  };
  expect(colours.editor).toBe(colours.code);
  expect(colours.keyword).toBe("rgb(255, 123, 114)"); // Framework's dark --syntax-keyword
  expect(await seriousViolations(page)).toEqual([]);

  await cell.getByRole("button", {name: "Close"}).click();
  await page.getByRole("button", {name: /^Copy the page's code/}).click();
  await expect.poll(() => page.locator(".cell-tools-status").first().textContent()).toMatch(/^Copied/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('import * as tf from "@tensorflow/tfjs";');
  expect(copied).toContain("await mobilenet.load({version: 1, alpha: 0.25, modelUrl, inputRange: [0, 1]})");
  expect(copied).toContain(LOGITS_CELL);
  expect(copied).not.toContain("invalidation");
  expect(errors).toEqual([]);
});

// The lesson and Going further: each page's teaching cells, counted from its Markdown, each get Edit; the page gets one
// "Copy the page's code", and what it copies imports the published packages and holds every cell. No editor code yet.
const LESSON_PAGES = ["index", "classes", "inputs", "logits", "cat-or-dog", "softmax", "learned"];
const FURTHER_PAGES = ["further/inside", "further/logit", "further/your-classes"];
test(
  "on every lesson and Going further page, each teaching cell gets Edit and the page gets Copy",
  {timeout: 300_000},
  async () => {
    for (const name of [...LESSON_PAGES, ...FURTHER_PAGES]) {
      const echoed = (await readPageCells(`${name}.md`)).filter((cell) => cell.echo);
      expect(echoed.length, name).toBeGreaterThan(0);
      const path = name === "index" ? "/" : `/${name}`;
      const {page, requests} = await openPage(site.browser, `${site.url}${path}?image=cat.png`);
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await page.locator(".cell-tools").first().waitFor({timeout: 60_000});
      expect(await page.locator(".cell-tools").getByRole("button", {name: /^Edit/}).count(), name).toBe(echoed.length);
      const copy = page.getByRole("button", {name: /^Copy the page's code/});
      expect(await copy.count(), name).toBe(1);
      expect(
        requests.filter((url) => EDITOR_CODE.test(url)),
        name
      ).toEqual([]);

      await copy.click();
      await expect
        .poll(() => page.locator(".cell-tools-status").first().textContent(), {timeout: 30_000})
        .toMatch(/^Copied/);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied, name).toContain('import * as tf from "@tensorflow/tfjs";');
      expect(copied, name).toContain('import * as mobilenet from "@tensorflow-models/mobilenet";');
      expect(copied, name).not.toMatch(/from "\.{1,2}\/|components\//);
      // Every cell is there: its first line of code (the snippet drops comments' indentation only).
      for (const {code} of echoed) {
        const first = code
          .split("\n")
          .find((line) => line.trim() && !line.trim().startsWith("//"))!
          .trim();
        expect(copied, `${name}: ${first}`).toContain(first);
      }
      await page.context().close();
    }
  }
);

test("in the light theme the editor takes the light colours: the page's code background and keyword colour", async () => {
  const {page, errors} = await openLogits(site.url, {colorScheme: "light"});
  const cell = await editLogitsCell(page);
  const editor = await cell.locator(".cm-editor").evaluate((element) => getComputedStyle(element).backgroundColor);
  const code = await page
    .locator("pre[data-language=js]")
    .first()
    .evaluate((element) => getComputedStyle(element).backgroundColor);
  const keyword = await cell
    .locator(".cm-line span", {hasText: /^const$/})
    .first()
    .evaluate((element) => getComputedStyle(element).color);
  // The light theme's --syntax-keyword, as the browser resolves it (CSSOM, which the page's policy allows).
  const lightKeyword = await page.evaluate(() => {
    const probe = document.body.appendChild(document.createElement("span"));
    probe.style.color = "var(--syntax-keyword)";
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  });
  expect(editor).toBe(code);
  expect(keyword).toBe(lightKeyword);
  expect(keyword).not.toBe("rgb(255, 123, 114)"); // not the dark theme's
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

// Pages whose teaching cells read only values that can cross to the worker (no progress bars, no buttons to press);
// the Going further ones reach into the model's GraphModel as `model.model`, in the worker too.
for (const path of ["/logits", "/classes", "/softmax", "/further/inside", "/further/logit"]) {
  test(`every teaching cell of ${path} runs as it stands, on the page's values`, async () => {
    const {page, errors} = await openPage(site.browser, `${site.url}${path}?image=cat.png`);
    await page.locator(".cell-tools button").first().waitFor({timeout: 60_000});
    // One Edit per teaching cell in the page's source
    const count =
      (await readFile(new URL(`../../src${path}.md`, import.meta.url), "utf8")).split("```js echo").length - 1;
    await expect.poll(() => page.locator(".cell-tools").count()).toBe(count);
    for (let i = 0; i < count; i++) {
      await page.locator(".cell-tools").nth(i).getByRole("button", {name: /^Edit/}).click();
      const cell = page.locator(".code-cell.in-place").nth(i);
      await cell.locator(".cm-content").waitFor();
      const text = await runAndWait(cell);
      expect(await cell.getAttribute("data-state"), `cell ${i + 1}: ${text}`).toBe("done");
    }
    expect(errors).toEqual([]);
  });
}

test(
  "a page that ends while an edited cell runs (as a heap-filling cell ends it) brings the code back after the reload, unrun",
  {timeout: 120_000},
  async () => {
    const {page} = await openLogits(site.url);
    try {
      const cdp = await page.context().newCDPSession(page);
      const cell = await editLogitsCell(page);
      const hungry = "const keep = [];\nfor (;;) keep.push(new Array(1e7).fill(0.5));";
      await typeCode(cell, hungry);
      const crashed = new Promise<void>((resolve) => page.once("crash", () => resolve()));
      await cell.getByRole("button", {name: "Run"}).click();
      await expect.poll(() => cell.getAttribute("data-state")).toBe("running");
      // This code fills the worker's heap, and then Chromium ends the page's whole process: here after 6 to over 30 s,
      // as V8's collector decides, so the 30 s limit sometimes stops the run first. The test doesn't wait on V8: it
      // ends the page's process itself (DevTools' Page.crash) while the run goes on, as running out of memory does.
      await page.waitForTimeout(1000);
      void cdp.send("Page.crash").catch(() => {});
      await crashed;

      // Playwright drives no crashed page; the DevTools Protocol reloads it, as a reader's Reload button does.
      const url = page.url();
      await cdp.send("Page.navigate", {url});
      const restored = async () => {
        const {result} = await cdp.send("Runtime.evaluate", {
          returnByValue: true,
          expression: `(() => {
            const cell = document.querySelector(".code-cell.in-place");
            return cell && {state: cell.dataset.state, code: cell.code, output: cell.querySelector(".code-cell-output").textContent};
          })()`
        });
        return result.value as {state: string; code: string; output: string} | null;
      };
      await expect.poll(restored, {timeout: 60_000}).toMatchObject({state: "interrupted", code: hungry});
      expect((await restored())?.output).toMatch(
        /still running when the page was reloaded or closed.*used up the memory/
      );
    } finally {
      await page.context().close();
    }
  }
);
