// Chromium (see find-chromium.ts) driven by playwright-core, with every request and console error recorded.
import {chromium, type Browser, type Page} from "playwright-core";
import {findChromium} from "./find-chromium.js";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
];

/**
 * Starts Chromium, trying up to three times: on this two-core machine a headless shell has now and then died at
 * start (SIGSEGV before its first page), which says nothing about the site under test. Each failure is logged.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const {path} = await findChromium();
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({executablePath: path, args: [...FLAGS, ...extraArgs]});
    } catch (error) {
      if (attempt === attempts) throw error;
      const firstLine = String(error instanceof Error ? error.message : error).split("\n")[0];
      console.warn(`Chromium did not start (attempt ${attempt} of ${attempts}): ${firstLine}. Trying again.`);
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

export interface RecordedPage {
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** console.error messages and uncaught page errors. */
  errors: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  options: {
    colorScheme?: "light" | "dark";
    viewport?: {width: number; height: number};
    /** Runs in the page before its own scripts. */
    initScript?: () => void;
  } = {}
): Promise<RecordedPage> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? "light",
    viewport: options.viewport ?? {width: 1280, height: 900}
  });
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  return {page, requests, errors};
}

/** Requests that left this machine: anything but 127.0.0.1, data: and blob: URLs. */
export function foreignRequests(requests: readonly string[]): string[] {
  return requests.filter((url) => {
    if (url.startsWith("data:") || url.startsWith("blob:")) return false;
    return new URL(url).hostname !== "127.0.0.1";
  });
}
