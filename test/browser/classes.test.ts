// Page 2, "1000 things it knows": the class table searches, sorts, links to the charts, and is accessible.
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, expect, test} from "vitest";
import {IMAGENET_CLASSES, classLabel, shortLabel} from "../../components/pipeline/classes.js";
import {matchClasses, sortClasses} from "../../components/views/class-table.js";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, launchChromium, openPage, type RecordedPage} from "../helpers/browser.js";
import {serveSite} from "../helpers/site.js";
import type {StaticServer} from "../helpers/static-server.js";

let server: StaticServer;
let browser: Browser;
let opened: RecordedPage;

beforeAll(async () => {
  server = await serveSite();
  browser = await launchChromium();
  opened = await openPage(browser, `${server.url}/classes`);
  await opened.page.locator(".class-table tbody tr").first().waitFor({timeout: 30_000});
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The class ids of the rows on screen, top to bottom. */
const shownIndexes = () =>
  opened.page
    .locator(".class-table tbody tr[data-index]")
    .evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.index)));

test("the table lists every class, in output order, with links to the logits and softmax charts", async () => {
  const {page} = opened;
  expect(await shownIndexes()).toEqual(IMAGENET_CLASSES.map(({index}) => index));
  await expect.poll(() => page.locator(".class-table-count").textContent()).toContain(String(IMAGENET_CLASSES.length));
  const last = page.locator('.class-table tbody tr[data-index="999"]');
  expect(await last.locator(".class-table-label").textContent()).toBe(classLabel(999));
  const hrefs = await last.locator("a").evaluateAll((links) =>
    links.map((a) => {
      const url = new URL((a as HTMLAnchorElement).href);
      return url.pathname + url.hash;
    })
  );
  expect(hrefs).toEqual(["/logits#class-999", "/softmax#class-999"]);
});

test("the prose names the first and last classes from the table", async () => {
  const text = (await opened.page.locator("#observablehq-main").textContent()) ?? "";
  for (const id of [0, 1, 2, 996, 997, 998, 999]) expect(text).toContain(shortLabel(id));
  expect(text).toContain(`That finds ${matchClasses(IMAGENET_CLASSES, "dog").length} classes`);
});

test('searching "toilet tissue" finds class 999 only', async () => {
  const {page} = opened;
  await page.getByRole("searchbox", {name: "Search the classes"}).fill("toilet tissue");
  expect(await shownIndexes()).toEqual([999]);
  expect(await page.locator(".class-table-count").textContent()).toMatch(/^1 of 1000 classes match/);
  await page.getByRole("searchbox", {name: "Search the classes"}).fill("no such class anywhere");
  expect(await page.locator(".class-table-empty").textContent()).toMatch(/No class has/);
  await page.getByRole("searchbox", {name: "Search the classes"}).fill("99");
  expect(await shownIndexes()).toEqual(matchClasses(IMAGENET_CLASSES, "99").map(({index}) => index));
  await page.getByRole("searchbox", {name: "Search the classes"}).fill("");
  expect(await shownIndexes()).toHaveLength(1000);
});

test("the column buttons sort by label and by class id, both ways, from the keyboard too", async () => {
  const {page} = opened;
  const idHeader = page.locator("th", {has: page.getByRole("button", {name: "Class id", exact: true})});
  const labelHeader = page.locator("th", {has: page.getByRole("button", {name: "Label", exact: true})});
  expect(await idHeader.getAttribute("aria-sort")).toBe("ascending");
  expect(await labelHeader.getAttribute("aria-sort")).toBeNull();

  await page.getByRole("button", {name: "Label", exact: true}).click();
  expect(await labelHeader.getAttribute("aria-sort")).toBe("ascending");
  expect(await idHeader.getAttribute("aria-sort")).toBeNull();
  const byLabel = sortClasses(IMAGENET_CLASSES, {key: "label", direction: "ascending"}).map(({index}) => index);
  expect(await shownIndexes()).toEqual(byLabel);

  await page.getByRole("button", {name: "Label", exact: true}).focus();
  await page.keyboard.press("Enter");
  expect(await labelHeader.getAttribute("aria-sort")).toBe("descending");
  expect(await shownIndexes()).toEqual(byLabel.slice().reverse());

  await page.getByRole("button", {name: "Class id", exact: true}).focus();
  await page.keyboard.press("Space");
  expect(await idHeader.getAttribute("aria-sort")).toBe("ascending");
  await page.getByRole("button", {name: "Class id", exact: true}).click();
  expect(await idHeader.getAttribute("aria-sort")).toBe("descending");
  expect((await shownIndexes()).slice(0, 3)).toEqual([999, 998, 997]);

  // Sorting keeps the search.
  await page.getByRole("searchbox", {name: "Search the classes"}).fill("shark");
  expect(await shownIndexes()).toEqual(
    sortClasses(matchClasses(IMAGENET_CLASSES, "shark"), {key: "index", direction: "descending"}).map(
      ({index}) => index
    )
  );
  await page.getByRole("searchbox", {name: "Search the classes"}).fill("");
  await page.getByRole("button", {name: "Class id", exact: true}).click();
});

test("no serious accessibility problems with all 1000 rows shown", async () => {
  expect(await opened.page.locator(".class-table tbody tr").count()).toBe(IMAGENET_CLASSES.length);
  expect(await seriousViolations(opened.page)).toEqual([]);
});

test("no serious accessibility problems in dark mode on a phone, mid-search", async () => {
  const dark = await openPage(browser, `${server.url}/classes`, {
    colorScheme: "dark",
    viewport: {width: 390, height: 800}
  });
  await dark.page.locator(".class-table tbody tr").first().waitFor({timeout: 30_000});
  // A search keeps axe's run short (every row is built the same way; the full table is checked above).
  await dark.page.getByRole("searchbox", {name: "Search the classes"}).fill("shark");
  expect(await seriousViolations(dark.page)).toEqual([]);
  expect(dark.errors).toEqual([]);
  expect(foreignRequests(dark.requests)).toEqual([]);
  await dark.page.context().close();
});

test("no console errors and no request leaves 127.0.0.1", () => {
  expect(opened.errors).toEqual([]);
  expect(foreignRequests(opened.requests)).toEqual([]);
});
