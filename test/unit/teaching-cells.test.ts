// The code a page shows (```js echo cells, and ```js run=false listings) is code a reader copies into their own project.
// So every name it uses must be tfjs (tf), the mobilenet package, JavaScript's or the browser's own, Framework's
// (invalidation, display…), or a name the page itself defines; never a lesson helper imported from components/, which
// the reader doesn't have. A function the cell calls must be shown on the page, in a teaching cell, not hidden in one
// the reader can't see. And no comma operator: `a.dispose(), b.dispose()` puzzles a beginner.
import {readdirSync, readFileSync} from "node:fs";
import {join, relative} from "node:path";
import {parseJavaScript, type JavaScriptNode} from "@observablehq/framework/dist/javascript/parse.js";
import type {Node} from "acorn";
import {describe, expect, it} from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;
const SRC = join(ROOT, "src");

/** Framework's built-in names in a page's cells. */
const FRAMEWORK = new Set(["display", "view", "invalidation", "visibility", "width", "now", "resize", "Generators"]);
/** The packages a reader installs: names imported from these are theirs too. */
const PUBLISHED = /^(@tensorflow\/tfjs(-[a-z]+)?|@tensorflow-models\/mobilenet)(\/|$)/;
/** Browser names a listing for the reader's own page uses, beyond Framework's globals. */
const BROWSER = new Set(["document", "console", "performance"]);

interface Cell {
  info: string;
  code: string;
  line: number;
}

function pages(dir = SRC): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "components" || entry.name === "data" ? [] : pages(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

function cells(markdown: string): Cell[] {
  return Array.from(markdown.matchAll(/^```js([^\n]*)\n([\s\S]*?)^```$/gm), (match) => ({
    info: match[1]!.trim(),
    code: match[2]!,
    line: markdown.slice(0, match.index).split("\n").length
  }));
}

const isEcho = (cell: Cell) => /\becho\b/.test(cell.info);
const isListing = (cell: Cell) => /\brun=false\b/.test(cell.info);

/** Every node of an acorn tree, depth first. */
function* nodes(node: unknown): Generator<Node> {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const child of node) yield* nodes(child);
    return;
  }
  if (typeof (node as Node).type === "string") yield node as Node;
  for (const [key, value] of Object.entries(node)) if (key !== "loc") yield* nodes(value);
}

/** The names a page's running cells define (imports from the published packages included, other imports not). */
function pageNames(parsed: {cell: Cell; js: JavaScriptNode}[]): {defined: Set<string>; shownFunctions: Set<string>} {
  const defined = new Set<string>();
  const shownFunctions = new Set<string>();
  for (const {cell, js} of parsed) {
    const imported = new Map<string, string>();
    for (const node of nodes(js.body)) {
      if (node.type !== "ImportDeclaration") continue;
      const source = String((node as unknown as {source: {value: string}}).source.value);
      for (const specifier of (node as unknown as {specifiers: {local: {name: string}}[]}).specifiers)
        imported.set(specifier.local.name, source);
    }
    for (const {name} of js.declarations ?? []) {
      const source = imported.get(name);
      if (source === undefined || PUBLISHED.test(source)) defined.add(name);
      if (isEcho(cell) && source === undefined) shownFunctions.add(name);
    }
  }
  return {defined, shownFunctions};
}

/** Names the cell calls directly, `f(…)`, that it does not define itself. */
function calledFreeNames(js: JavaScriptNode): Set<string> {
  const free = new Set(js.references.map((identifier) => identifier.name));
  const called = new Set<string>();
  for (const node of nodes(js.body)) {
    const callee = (node as unknown as {callee?: Node & {name?: string}}).callee;
    if ((node.type === "CallExpression" || node.type === "NewExpression") && callee?.type === "Identifier")
      if (free.has(callee.name!)) called.add(callee.name!);
  }
  return called;
}

const allPages = pages();

describe("teaching cells use only tfjs, mobilenet and the page's own names", () => {
  it("finds the lesson's pages and their teaching cells", () => {
    expect(allPages.length).toBeGreaterThanOrEqual(12);
    const teaching = allPages.flatMap((page) => cells(readFileSync(page, "utf8")).filter(isEcho));
    expect(teaching.length).toBeGreaterThan(20);
  });

  for (const page of allPages) {
    const name = relative(SRC, page);
    const all = cells(readFileSync(page, "utf8"));
    const running = all.filter((cell) => !isListing(cell));
    const parsed = running.map((cell) => ({cell, js: parseJavaScript(cell.code, {path: name})}));
    const {defined, shownFunctions} = pageNames(parsed);
    const allowed = (identifier: string) =>
      identifier === "tf" || identifier === "mobilenet" || FRAMEWORK.has(identifier) || defined.has(identifier);

    const teaching = parsed.filter(({cell}) => isEcho(cell));
    if (teaching.length === 0 && !all.some(isListing)) continue;

    it(`${name}: every name in its teaching cells is tf, mobilenet or the page's own`, () => {
      const strays = teaching.flatMap(({cell, js}) =>
        js.references.filter(({name}) => !allowed(name)).map(({name}) => `line ${cell.line}: ${name}`)
      );
      expect(strays).toEqual([]);
    });

    it(`${name}: a function its teaching cells call is shown in a teaching cell`, () => {
      const hidden = teaching.flatMap(({cell, js}) =>
        [...calledFreeNames(js)]
          .filter((called) => called !== "tf" && called !== "mobilenet" && !shownFunctions.has(called))
          .map((called) => `line ${cell.line}: ${called}()`)
      );
      expect(hidden).toEqual([]);
    });

    it(`${name}: its teaching cells import only the published packages, and use no comma operator`, () => {
      const problems = teaching.flatMap(({cell, js}) => [
        ...js.imports.filter(({name}) => !PUBLISHED.test(name)).map(({name}) => `line ${cell.line}: imports ${name}`),
        ...[...nodes(js.body)]
          .filter((node) => node.type === "SequenceExpression")
          .map(() => `line ${cell.line}: a comma operator`)
      ]);
      expect(problems).toEqual([]);
    });

    const listings = all.filter(isListing);
    if (listings.length) {
      it(`${name}: its code listings use only tf, mobilenet, the browser's names and the page's own`, () => {
        const strays = listings.flatMap((cell) =>
          parseJavaScript(cell.code, {path: name})
            .references.filter(({name}) => !allowed(name) && !BROWSER.has(name))
            .map(({name}) => `line ${cell.line}: ${name}`)
        );
        expect(strays).toEqual([]);
      });
    }
  }
});
