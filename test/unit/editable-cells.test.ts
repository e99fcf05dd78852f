// A page shares with its editor (editableCells({…}), src/lesson.ts) exactly the page names its teaching cells read,
// so that every edited cell finds them; the list is checked here, from the Markdown, as Framework would read it.
import {readdir} from "node:fs/promises";
import {join, relative} from "node:path";
import {describe, expect, it} from "vitest";
import {PROJECT_ROOT} from "../../components/node/assets.js";
import {analyzeCell} from "../../components/pipeline/cell-code.js";
import {readPageCells} from "../helpers/page-cells.js";

/** Names the runner gives every cell itself: Framework's per-cell names, tfjs and the mobilenet package. */
const RUNNER_NAMES = new Set(["invalidation", "display", "view", "visibility", "tf"]);

async function markdownPages(): Promise<string[]> {
  const src = join(PROJECT_ROOT, "src");
  const entries = await readdir(src, {recursive: true, withFileTypes: true});
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md") && !entry.parentPath.includes(".observablehq"))
    .map((entry) => relative(src, join(entry.parentPath, entry.name)))
    .sort();
}

describe("editableCells", async () => {
  const pages = await markdownPages();
  const editable: string[] = [];
  for (const page of pages) {
    const cells = await readPageCells(page);
    const call = cells.find((cell) => !cell.echo && /^editableCells\(/m.test(cell.code));
    if (!call) continue;
    editable.push(page);
    it(`${page} shares every page name its teaching cells read`, () => {
      const pageNames = new Set(cells.flatMap((cell) => analyzeCell(cell.code).defines));
      const needed = new Set(
        cells
          .filter((cell) => cell.echo)
          .flatMap((cell) => analyzeCell(cell.code).reads)
          .filter((name) => pageNames.has(name) && !RUNNER_NAMES.has(name))
      );
      const shared = analyzeCell(call.code).reads.filter((name) => name !== "editableCells" && !RUNNER_NAMES.has(name));
      // On failure, the line the page needs: editableCells({…}) with exactly these names.
      expect(shared.sort(), `editableCells({${[...needed].join(", ")}});`).toEqual([...needed].sort());
    });
  }

  it("is called by the logits page", () => {
    expect(editable).toContain("logits.md");
  });
});
