// The browser tests' last resort, the headless Chromium that npm brings (@sparticuz/chromium), tested on every
// machine: installed browsers and CHROMIUM_PATH are set aside for this file, so the npm path stays tested even where
// a system Chromium would otherwise be found first.
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, expect, test} from "vitest";
import {findChromium, type FoundChromium} from "../helpers/find-chromium.js";
import {foreignRequests, launchChromium, openPage} from "../helpers/browser.js";
import {serveSite} from "../helpers/site.js";
import type {StaticServer} from "../helpers/static-server.js";

// Before the first findChromium() call of this file (each test file gets its own copy of the module).
delete process.env["CHROMIUM_PATH"];
process.env["CHROMIUM_NPM_ONLY"] = "1";

// @sparticuz/chromium ships a Chromium for Linux x64 only; elsewhere the browser tests need an installed browser.
const npmHasChromium = process.platform === "linux" && process.arch === "x64";

let found: FoundChromium;
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  if (!npmHasChromium) return;
  found = await findChromium();
  browser = await launchChromium();
  server = await serveSite();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test.skipIf(!npmHasChromium)("findChromium falls back to the npm package's Chromium, and it runs", () => {
  expect(found.source).toBe("npm");
  expect(found.path).toContain("chromium");
  expect(found.version).toMatch(/Chromium \d+\./);
  expect(found.version).toContain(browser.version());
});

test.skipIf(!npmHasChromium)(
  "the npm Chromium loads the home page and shows the first prediction for the sample cat",
  async () => {
    const {page, requests, errors} = await openPage(browser, `${server.url}/?image=cat.png`);
    const first = page.locator(".top-classes li").first();
    await expect.poll(() => first.textContent(), {timeout: 60_000}).toMatch(/Egyptian cat\s*53\.7\s*%/);
    expect(await page.evaluate(() => typeof WebAssembly.instantiate)).toBe("function");
    expect(errors).toEqual([]);
    expect(foreignRequests(requests)).toEqual([]);
  }
);
