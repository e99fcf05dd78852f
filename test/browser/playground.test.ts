// The "Tweak the code" page in Chromium: the reader's edited code runs on the real model, errors stay in their cell, a
// never-ending cell can be stopped, no console errors and no request leaving 127.0.0.1.
import type {Locator} from "playwright-core";
import {expect, test} from "vitest";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";
import {foreignRequests, openPage} from "../helpers/browser.js";

const site = useSiteAndBrowser();

const state = (cell: Locator) => cell.getAttribute("data-state");
const output = (cell: Locator) => cell.locator(".code-cell-output").textContent();
const runs = async (cell: Locator) => Number(await cell.getAttribute("data-runs"));

/** Replaces the code in the cell's editor (CodeMirror) as a reader would, then runs it. */
async function runCode(cell: Locator, code: string, keyboard = false): Promise<void> {
  const editor = cell.locator(".cm-content");
  await editor.click();
  await editor.press("ControlOrMeta+a");
  await editor.page().keyboard.insertText(code);
  if (keyboard) await editor.press("ControlOrMeta+Enter");
  else await cell.getByRole("button", {name: "Run"}).click();
}

test("the reader's cells run on the real model, and a broken or endless cell breaks nothing else", async () => {
  const {page, requests, errors} = await openPage(site.browser, `${site.url}/explore/playground?image=cat.png`);
  const cells = page.locator(".code-cell");
  await expect.poll(() => cells.count(), {timeout: 30_000}).toBeGreaterThanOrEqual(3);
  const [image, infer, softmax, topk] = [cells.nth(0), cells.nth(1), cells.nth(2), cells.nth(3)];

  // The original cells run by themselves once the model is ready: real logits, a real top-k.
  await expect.poll(() => state(topk), {timeout: 60_000}).toBe("done");
  // Each cell's code is in a CodeMirror editor, coloured as the page's code is.
  await expect.poll(() => cells.locator(".cm-editor").count(), {timeout: 10_000}).toBe(4);
  expect(await output(infer)).toContain("shape [1, 1000]");
  expect(await output(infer)).toMatch(/^Tensor\s+\[\[-?\d/);
  expect(await output(topk)).toMatch(/Egyptian cat|tabby|tiger cat/);

  // An edited cell: console.log and a returned tensor, printed the way print() prints it.
  await runCode(image, 'console.log("edited", image.shape.length * 7);\nreturn tf.tensor1d([1, 2, 3]).sum();');
  await expect.poll(() => output(image), {timeout: 20_000}).toContain("edited 21");
  expect(await output(image)).toMatch(/Tensor\s+6/);
  expect(await state(image)).toBe("done");
  // Every tensor the run made was freed.
  expect(await image.locator(".code-cell-status").textContent()).toMatch(/tensors in memory (\d+) → \1(?!\d)/);

  // A syntax error shows inline, with its line, and the other cells still work.
  await runCode(softmax, "const ok = 1;\nconst broken = ;", true);
  await expect.poll(() => state(softmax), {timeout: 20_000}).toBe("error");
  expect(await output(softmax)).toMatch(/Line 2.*SyntaxError/);
  const topkRuns = await runs(topk);
  await topk.getByRole("button", {name: "Run"}).click();
  await expect.poll(() => runs(topk), {timeout: 20_000}).toBe(topkRuns + 1);
  expect(await state(topk)).toBe("done");

  // A runtime error from tfjs names the line too.
  await runCode(infer, "const a = tf.ones([2, 3]);\nreturn tf.matMul(a, a);");
  await expect.poll(() => state(infer), {timeout: 20_000}).toBe("error");
  expect(await output(infer)).toMatch(/Line 2/);

  // A loop that never ends can be stopped; the worker restarts and cells run again.
  await runCode(image, "while (true) {}");
  await expect.poll(() => state(image), {timeout: 20_000}).toBe("running");
  await page.waitForTimeout(500);
  await image.getByRole("button", {name: "Stop"}).click();
  await expect.poll(() => output(image), {timeout: 10_000}).toMatch(/Stopped/);
  const inferRuns = await runs(infer);
  await infer.getByRole("button", {name: "Reset"}).click();
  await expect.poll(() => runs(infer), {timeout: 60_000}).toBe(inferRuns + 1);
  expect(await state(infer)).toBe("done");
  expect(await output(infer)).toContain("shape [1, 1000]");

  expect(errors).toEqual([]);
  expect(foreignRequests(requests)).toEqual([]);
});

test("a cell whose run never ended comes back after a reload with the reader's code, unrun, saying why", async () => {
  const {page, errors} = await openPage(site.browser, `${site.url}/explore/playground?image=cat.png`);
  const cells = page.locator(".code-cell");
  await expect.poll(() => state(cells.nth(3)), {timeout: 60_000}).toBe("done");
  const endless = "while (true) {}";
  await runCode(cells.nth(1), endless);
  await expect.poll(() => state(cells.nth(1)), {timeout: 20_000}).toBe("running");

  // The page goes while the run goes on: a reload here, or the browser ending a page whose cell used up the memory.
  await page.reload();
  const [image, infer, , topk] = [cells.nth(0), cells.nth(1), cells.nth(2), cells.nth(3)];
  await expect.poll(() => state(topk), {timeout: 60_000}).toBe("done");
  expect(await state(infer)).toBe("interrupted");
  expect(await infer.getAttribute("data-edited")).toBe("true");
  expect(await infer.evaluate((cell) => (cell as HTMLElement & {code: string}).code)).toBe(endless);
  expect(await output(infer)).toMatch(
    /^Your code was still running when the page was reloaded or closed.*not run.*used up the memory/
  );
  // Not run again by the page: the other cells ran, this one waits for the reader.
  expect(await image.getAttribute("data-runs")).toBe("1");
  expect(await infer.getAttribute("data-runs")).toBeNull();

  // Left unrun, it is still there after another reload.
  await page.reload();
  await expect.poll(() => state(topk), {timeout: 60_000}).toBe("done");
  expect(await state(infer)).toBe("interrupted");

  // Reset brings the original back and runs it; the next load is a plain one.
  await infer.getByRole("button", {name: "Reset"}).click();
  await expect.poll(() => state(infer), {timeout: 60_000}).toBe("done");
  await page.reload();
  await expect.poll(() => state(cells.nth(1)), {timeout: 60_000}).toBe("done");
  expect(errors).toEqual([]);
});
