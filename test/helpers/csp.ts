// Content-Security-Policy in the browser tests: the violations a page reports (listened for before any of its own
// scripts run), and the site's page list.
import type {Page} from "playwright-core";
import config from "../../observablehq.config.js";

/** Records the page's `securitypolicyviolation` events from its first script on; call before `page.goto`. Returns a
 * function giving them so far, each as "directive blocked-URI source:line". */
export async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, "__cspViolations", {value: seen});
    addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`)
    );
  });
  return () => page.evaluate(() => (window as unknown as {__cspViolations: string[]}).__cspViolations);
}

/** The pages in the site's configuration, as paths ("/", "/classes", "/explore/temperature", …). */
export function configuredPages(): string[] {
  type Entry = {path?: string; pages?: Entry[]};
  const walk = (entries: readonly Entry[]): string[] =>
    entries.flatMap((e) => [...(e.path ? [e.path] : []), ...walk(e.pages ?? [])]);
  return walk(config.pages as Entry[]);
}

/** The policy the page's meta tag sets. */
export async function pagePolicy(page: Page): Promise<string> {
  return (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content")) ?? "";
}
