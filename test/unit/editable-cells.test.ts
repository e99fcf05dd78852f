// The hidden cells that make a page's teaching cells editable (scripts/editable-cells.ts, a markdown-it plugin): which
// page names they hand to the editor, and the cells they add.
import {readdir, readFile} from "node:fs/promises";
import {join, relative} from "node:path";
import {describe, expect, it} from "vitest";
import {PROJECT_ROOT} from "../../components/node/assets.js";
import {analyzeCell} from "../../components/pipeline/cell-code.js";
import {
  editableCellsCells,
  editableCellsPlugin,
  publishedImports,
  sharedNames,
  type Fence
} from "../../scripts/editable-cells.js";

const fence = (info: string, content: string): Fence => ({info, content});

describe("sharedNames", () => {
  it("is the page names the teaching cells read: not globals, not tf or invalidation, not what they define themselves", () => {
    const fences = [
      fence("js", 'import * as tf from "@tensorflow/tfjs-core";\nimport {helper} from "./lesson.js";'),
      fence("js", "const model = view(ModelLoader());\nconst unused = 1;"),
      fence("js echo", "const logits = model.infer(image);\ninvalidation.then(() => logits.dispose());"),
      fence("js echo", "const top = helper(tf.softmax(logits), Math.max(1, k));"),
      fence("js", "const image = toPixels(loaded);\nconst k = 5;"),
      fence("js run=false", "const ignored = model;"),
      fence("css", ".x {}")
    ];
    expect(sharedNames(fences)).toEqual(["model", "image", "helper", "logits", "k"]);
  });

  it("leaves out a cell that does not parse (Framework reports it on the page)", () => {
    expect(sharedNames([fence("js", "const a = ;"), fence("js echo", "a + b"), fence("js", "const b = 1;")])).toEqual([
      "b"
    ]);
  });
});

describe("publishedImports", () => {
  it("is what the teaching cells read from a published package, imported in a cell the reader doesn't see", () => {
    const fences = [
      fence("js", 'import {IMAGENET_CLASSES, unused} from "@tensorflow-models/mobilenet/dist/imagenet_classes.js";'),
      fence(
        "js",
        'import {version_core as version} from "npm:@tensorflow/tfjs-core";\nimport {helper} from "./lesson.js";'
      ),
      fence("js echo", "const label = IMAGENET_CLASSES[0] + version + helper();")
    ];
    expect(publishedImports(fences)).toEqual({
      IMAGENET_CLASSES: {source: "@tensorflow-models/mobilenet/dist/imagenet_classes.js", imported: "IMAGENET_CLASSES"},
      version: {source: "@tensorflow/tfjs-core", imported: "version_core"}
    });
  });

  it("is handed to editableCells, so that the classes page's copied code imports the class list", async () => {
    const markdown = await readFile(join(PROJECT_ROOT, "src", "classes.md"), "utf8");
    const fences = [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)].map(([, info, content]) =>
      fence(info!, content!)
    );
    expect(editableCellsCells(fences, "/classes")[0]).toContain(
      '{"IMAGENET_CLASSES":{"source":"@tensorflow-models/mobilenet/dist/imagenet_classes.js","imported":"IMAGENET_CLASSES"}}'
    );
  });
});

describe("editableCellsCells", () => {
  const fences = [fence("js", "const model = 1;"), fence("js echo", "const x = model + 1;")];

  it("adds the Edit buttons, then one cell per shared name, importing lesson.js relative to the page", () => {
    expect(editableCellsCells(fences, "/logits")).toEqual([
      '(await import("./lesson.js")).editableCells(["model"]);\n',
      '(await import("./lesson.js")).sharePageValue("model", model);\n'
    ]);
    expect(editableCellsCells(fences, "/explore/models")[0]).toContain('import("../lesson.js")');
  });

  it("adds nothing to a page without teaching cells", () => {
    expect(editableCellsCells([fence("js", "const model = 1;")], "/explore/playground")).toEqual([]);
  });

  it("as a markdown-it plugin, appends them to the page's tokens as js cells", () => {
    let rule: ((state: never) => void) | undefined;
    editableCellsPlugin({core: {ruler: {push: (_name, added) => (rule = added as never)}}});
    class Token {
      info = "";
      content = "";
      markup = "";
      block = false;
      constructor(readonly type: string) {}
    }
    const tokens = fences.map((f) => Object.assign(new Token("fence"), f));
    rule!({tokens, env: {path: "/logits"}, Token} as never);
    expect(tokens.slice(2).map(({type, info, content}) => ({type, info, content}))).toEqual(
      editableCellsCells(fences, "/logits").map((content) => ({type: "fence", info: "js", content}))
    );
  });
});

describe("every page of the site", async () => {
  const src = join(PROJECT_ROOT, "src");
  const pages = (await readdir(src, {recursive: true, withFileTypes: true}))
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md") && !entry.parentPath.includes(".observablehq"))
    .map((entry) => relative(src, join(entry.parentPath, entry.name)))
    .sort();
  const FENCE = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;

  for (const page of pages) {
    it(`${page}: its hidden cells parse, and share only names the page defines`, async () => {
      const fences = [...(await readFile(join(src, page), "utf8")).matchAll(FENCE)].map(([, info, content]) =>
        fence(info!, content!)
      );
      const cells = editableCellsCells(fences, `/${page.replace(/\.md$/, "")}`);
      for (const cell of cells) expect(() => analyzeCell(cell)).not.toThrow();
      const defined = new Set(fences.flatMap((f) => (f.info.startsWith("js") ? safeDefines(f.content) : [])));
      for (const name of sharedNames(fences)) expect(defined.has(name), name).toBe(true);
      if (page === "logits.md") expect(sharedNames(fences)).toEqual(["model", "image", "logits"]);
    });
  }
});

function safeDefines(code: string): string[] {
  try {
    return analyzeCell(code).defines;
  } catch {
    return [];
  }
}
