// The built site's Content-Security-Policy in Chromium: every page carries its own policy (scripts/strict-csp.ts) that
// allows its inline scripts by hash and nothing inline besides, loads and runs under it without a single violation,
// and blocks inline code injected after the fact.
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {expect, test} from "vitest";
import {hashSource, parsePolicy} from "../../scripts/strict-csp.js";
import {openPage} from "../helpers/browser.js";
import {configuredPages, pagePolicy, recordViolations} from "../helpers/csp.js";
import {DIST} from "../helpers/site.js";
import {useSiteAndBrowser} from "../helpers/site-and-browser.js";

const site = useSiteAndBrowser();

test(
  "every page allows exactly its own inline scripts, and runs with no violation and no failed cell",
  {timeout: 300_000},
  async () => {
    const report: string[] = [];
    for (const path of configuredPages()) {
      const context = await site.browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
      page.on("pageerror", (error) => errors.push(error.message));
      const violations = await recordViolations(page);
      try {
        await page.goto(`${site.url}${path}`);
        const policy = parsePolicy(await pagePolicy(page));
        const inlineScripts = await page.evaluate(() =>
          [...document.querySelectorAll("script:not([src])")].map((script) => script.textContent ?? "")
        );
        expect(inlineScripts.length, path).toBeGreaterThanOrEqual(2); // the language line, the cells (and the sidebar)
        const hashes = (policy.get("script-src") ?? []).filter((source) => source.startsWith("'sha256-"));
        expect(new Set(hashes), path).toEqual(new Set(inlineScripts.map(hashSource)));
        expect(policy.get("script-src"), path).toEqual(["'self'", "'wasm-unsafe-eval'", "blob:", ...hashes]);
        expect(policy.get("style-src"), path).toEqual(["'self'"]);
        expect(policy.get("default-src"), path).toEqual(["'self'"]);
        expect(policy.get("connect-src"), path).toEqual(["'self'"]);
        expect(policy.get("object-src"), path).toEqual(["'none'"]);

        await page.waitForLoadState("networkidle");
        await page.waitForTimeout(1500);
        const failedCells = await page.locator(".observablehq--error").allTextContents();
        const seen = await violations();
        report.push(`${path}: ${inlineScripts.length} inline scripts hashed; ${seen.length} violations`);
        expect(seen, path).toEqual([]);
        expect(failedCells, path).toEqual([]);
        expect(errors, path).toEqual([]);
      } finally {
        await context.close();
      }
    }
    console.log(`Strict CSP:\n  ${report.join("\n  ")}`);
  }
);

test("the policy is the first thing in <head> after the charset, so it covers every script and stylesheet", async () => {
  for (const path of configuredPages()) {
    const file = join(DIST, path === "/" ? "index.html" : `${path.slice(1)}.html`);
    const html = await readFile(file, "utf8");
    expect(html, path).toMatch(
      /^<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="[^"]+">\n/
    );
    expect(html.match(/http-equiv="Content-Security-Policy"/g), path).toHaveLength(1);
  }
});

test("the model loads and classifies under the strict policy", async () => {
  const {page, errors} = await openPage(site.browser, `${site.url}/?image=cat.png`);
  try {
    await expect.poll(() => page.locator(".top-classes li").count(), {timeout: 60_000}).toBe(3);
    expect(await page.locator(".top-classes-label").first().textContent()).toMatch(/cat/i);
    expect(errors).toEqual([]);
  } finally {
    await page.context().close();
  }
});

test("inline code injected into a built page is blocked: scripts, event handlers, eval, styles", async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const violations = await recordViolations(page);
  try {
    await page.goto(`${site.url}/`);
    await page.waitForLoadState("networkidle");
    const outcome = await page.evaluate(async () => {
      const ran: string[] = [];
      Object.defineProperty(window, "__ran", {value: ran});
      const script = document.createElement("script");
      script.textContent = "window.__ran.push('inline script')";
      document.body.append(script);
      const holder = document.createElement("div");
      holder.innerHTML = `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.__ran.push('event handler')" onerror="window.__ran.push('event handler')">`;
      document.body.append(holder);
      const style = document.createElement("style");
      style.textContent = "body { outline: 7px solid rgb(1, 2, 3); }";
      document.head.append(style);
      const styled = document.createElement("p");
      styled.setAttribute("style", "outline: 7px solid rgb(1, 2, 3)");
      document.body.append(styled);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return {
        ran,
        bodyOutline: getComputedStyle(document.body).outlineWidth,
        paragraphOutline: getComputedStyle(styled).outlineWidth
      };
    });
    expect(outcome).toEqual({ran: [], bodyOutline: "0px", paragraphOutline: "0px"});
    // eval() from the page's own code (a blob: module, as a script already running could make) is refused too. A
    // string, so that the test runner's transform leaves the page's import() alone; Playwright's own evaluate is exempt.
    const evalOutcome = await page.evaluate(`(async () => {
      const code = "try { eval('1 + 1'); window.__evalOutcome = 'ran'; } catch (error) { window.__evalOutcome = error.name; }";
      await import(URL.createObjectURL(new Blob([code], {type: "text/javascript"})));
      return window.__evalOutcome;
    })()`);
    expect(evalOutcome).toBe("EvalError");
    const directives = (await violations()).map((line) => line.split(" ").slice(0, 2).join(" "));
    expect(directives.sort()).toEqual(
      [
        "script-src-elem inline",
        "script-src-attr inline",
        "script-src eval",
        "style-src-elem inline",
        "style-src-attr inline"
      ].sort()
    );
  } finally {
    await context.close();
  }
});
