// A markdown-it plugin (observablehq.config.ts) that makes every page's teaching cells editable with no line in the
// page: where a page has `js echo` cells, it adds hidden cells that call editableCells (src/lesson.ts) with every page
// name those cells read and hand each value over. Framework runs such a cell again whenever its value changes, so the
// editor always sees the page's current values; and since the list is worked out from the page as it is, it never
// goes stale.
import {analyzeCell} from "../components/pipeline/cell-code.js";
import type {PublishedImport} from "../components/pipeline/cell-snippet.js";

/** A fenced code block as markdown-it parses it: its info string (`js echo`) and its code. */
export interface Fence {
  info: string;
  content: string;
}

/** Names the code runner gives every cell itself (components/browser/cell-worker.ts): never taken from the page. */
const RUNNER_NAMES = new Set(["invalidation", "display", "view", "visibility", "tf"]);

/** A JavaScript cell as Framework reads a fence: `js` (or `javascript`), not `run=false`; shown when `echo`. */
function jsCell({info}: Fence): {echo: boolean} | undefined {
  const [tag = "", ...attributes] = info.trim().split(/\s+/);
  if (tag !== "js" && tag !== "javascript") return undefined;
  if (attributes.includes("run=false")) return undefined;
  return {echo: attributes.includes("echo") || attributes.includes("echo=true")};
}

/** Each JavaScript cell's names, and whether it is echoed. A cell that doesn't parse is Framework's to report. */
function analyzeFences(fences: readonly Fence[]) {
  return fences.flatMap((fence) => {
    const cell = jsCell(fence);
    if (!cell) return [];
    try {
      return [{echo: cell.echo, code: analyzeCell(fence.content)}];
    } catch {
      return [];
    }
  });
}

/**
 * The page names its teaching cells read, as the page defines them (a name no cell defines is a global, or the
 * runner's own: not the page's to share).
 */
export function sharedNames(fences: readonly Fence[]): string[] {
  const analyzed = analyzeFences(fences);
  const defined = new Set(analyzed.flatMap(({code}) => code.defines));
  const read = analyzed.filter(({echo}) => echo).flatMap(({code}) => code.reads);
  return [...new Set(read)].filter((name) => defined.has(name) && !RUNNER_NAMES.has(name));
}

/** The packages a reader installs (as the page names them, with or without Framework's `npm:`). */
const PUBLISHED = /^(npm:)?(@tensorflow\/tfjs(-[a-z]+)?|@tensorflow-models\/mobilenet)(\/|$)/;

/**
 * The names the teaching cells read that the page imports, by name, from a published package in a cell the reader
 * doesn't see (`IMAGENET_CLASSES`): "Copy the page's code" writes the same import (tf and mobilenet it writes anyway).
 */
export function publishedImports(fences: readonly Fence[]): Record<string, PublishedImport> {
  const analyzed = analyzeFences(fences);
  const read = new Set(analyzed.filter(({echo}) => echo).flatMap(({code}) => code.reads));
  const found: Record<string, PublishedImport> = {};
  for (const {echo, code} of analyzed) {
    if (echo) continue;
    for (const {source, names} of code.imports) {
      if (!PUBLISHED.test(source)) continue;
      for (const [local, imported] of Object.entries(names))
        if (read.has(local)) found[local] = {source: source.replace(/^npm:/, ""), imported};
    }
  }
  return found;
}

/**
 * The hidden cells for a page at `path` ("/logits", "/explore/models"); none when the page has no teaching cells. The
 * first adds the Edit buttons and says which names the page shares; then one cell per name hands its value over, so
 * that a value the page is still waiting for holds up nothing else. They import lesson.js with import(), so that they
 * add no name to the page.
 */
export function editableCellsCells(fences: readonly Fence[], path: string): string[] {
  if (!fences.some((fence) => jsCell(fence)?.echo)) return [];
  const depth = path.split("/").filter(Boolean).length - 1;
  const lesson = `(await import(${JSON.stringify(`${depth > 0 ? "../".repeat(depth) : "./"}lesson.js`)}))`;
  const names = sharedNames(fences);
  const imports = publishedImports(fences);
  const importsArgument = Object.keys(imports).length ? `, ${JSON.stringify(imports)}` : "";
  return [
    `${lesson}.editableCells(${JSON.stringify(names)}${importsArgument});\n`,
    ...names.map((name) => `${lesson}.sharePageValue(${JSON.stringify(name)}, ${name});\n`)
  ];
}

/** The bits of markdown-it the plugin uses. */
interface Token {
  type: string;
  info: string;
  content: string;
  markup: string;
  block: boolean;
}
interface MarkdownIt {
  core: {
    ruler: {
      push(
        name: string,
        rule: (state: {
          tokens: Token[];
          env: {path?: string};
          Token: new (type: string, tag: string, nesting: number) => Token;
        }) => void
      ): void;
    };
  };
}

/** Adds the hidden cells at the end of every page that has teaching cells. */
export function editableCellsPlugin(md: MarkdownIt): void {
  md.core.ruler.push("editable-cells", (state) => {
    const fences = state.tokens.filter((token) => token.type === "fence");
    for (const cell of editableCellsCells(fences, state.env.path ?? "/")) {
      const token = new state.Token("fence", "code", 0);
      token.info = "js";
      token.content = cell;
      token.markup = "```";
      token.block = true;
      state.tokens.push(token);
    }
  });
}
