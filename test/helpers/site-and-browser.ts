// The set-up the browser test files share: the built site (dist/) served on 127.0.0.1 and one Chromium for the file.
import type {Browser} from "playwright-core";
import {afterAll, beforeAll} from "vitest";
import {launchChromium} from "./browser.js";
import {serveSite} from "./site.js";
import type {StaticServer} from "./static-server.js";

/**
 * Serves the site and launches Chromium before the file's tests and closes both after them; call it at the top of a
 * test file. `browser` and `url` are getters: read them inside the tests, once beforeAll has run.
 */
export function useSiteAndBrowser(): {readonly browser: Browser; readonly url: string} {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await serveSite();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = () => {
    if (!server || !browser)
      throw new Error("The site and browser start in beforeAll: read `browser` and `url` inside a test.");
    return {server, browser};
  };
  return {
    get browser() {
      return ready().browser;
    },
    get url() {
      return ready().server.url;
    }
  };
}
