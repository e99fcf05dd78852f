// A page's JavaScript cells as Framework reads them from its Markdown: each ```js fence is a cell, shown under the
// page's prose when its info says `echo` (a teaching cell); `run=false` fences are code to read, not cells.
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {PROJECT_ROOT} from "../../components/node/assets.js";

export interface PageCell {
  code: string;
  echo: boolean;
}

const FENCE = /^```(js|javascript)\b([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;

export function pageCells(markdown: string): PageCell[] {
  return [...markdown.matchAll(FENCE)]
    .filter(([, , info]) => !/\brun\s*=\s*false\b/.test(info!))
    .map(([, , info, code]) => ({code: code!.replace(/\s+$/, ""), echo: /\becho\b/.test(info!)}));
}

/** The cells of the page at `path` under src/ ("logits.md"). */
export async function readPageCells(path: string): Promise<PageCell[]> {
  return pageCells(await readFile(join(PROJECT_ROOT, "src", path), "utf8"));
}
