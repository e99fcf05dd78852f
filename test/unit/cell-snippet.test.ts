import {mkdtemp, rm, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it, vi} from "vitest";
import {PROJECT_ROOT, loadModelFiles} from "../../components/node/assets.js";
import {analyzeCell} from "../../components/pipeline/cell-code.js";
import {pageSnippet, type SnippetInput} from "../../components/pipeline/cell-snippet.js";
import * as format from "../../components/pipeline/format.js";
import {singleFileModel} from "../../components/pipeline/models.js";
import {readPageCells} from "../helpers/page-cells.js";
import {decodePhoto, photoPath, startBackend} from "../helpers/tf.js";

const PHOTO: SnippetInput = {kind: "parameter", about: "the photo as pixels [height, width, 3]"};
const MODEL: SnippetInput = {kind: "model", version: 1, alpha: 0.25};

describe("pageSnippet", () => {
  const snippet = pageSnippet({
    title: "Outputs: logits",
    page: "/logits",
    cells: [
      "const logits = model.infer(image); // raw scores\ninvalidation.then(() => logits.dispose()); // freed on re-run",
      "const {shape} = logits;",
      "shape.length",
      "function scale(x) {\n  return `${x}\n×`;\n}"
    ],
    inputs: {model: MODEL, image: PHOTO, unused: {kind: "value", json: "1"}}
  });

  it("imports the published packages and loads the model as @tensorflow-models/mobilenet does", () => {
    expect(snippet).toContain(
      'import * as tf from "@tensorflow/tfjs";\nimport * as mobilenet from "@tensorflow-models/mobilenet";'
    );
    expect(snippet).toContain("export async function run({modelUrl, image} = {}) {");
    expect(snippet).toContain(
      "  const model = await mobilenet.load({version: 1, alpha: 0.25, modelUrl, inputRange: [0, 1]});"
    );
    expect(snippet).toContain(" * image: the photo as pixels [height, width, 3].");
    expect(snippet).not.toContain("unused");
  });

  it("runs the cells in order, shows what each defines, and frees at the end what the page frees on re-run", () => {
    expect(snippet).toContain('  const logits = model.infer(image); // raw scores\n  show("logits", logits);');
    expect(snippet).toContain('  show("shape.length", shape.length);');
    expect(snippet).not.toContain("invalidation");
    expect(snippet).not.toContain("freed on re-run");
    expect(snippet).toMatch(/once it is done with them:\n {2}logits\.dispose\(\);\n\}/);
    expect(snippet).not.toContain('show("scale"');
  });

  it("leaves the text of a multi-line template literal as it was", () => {
    expect(snippet).toContain("  function scale(x) {\n    return `${x}\n×`;\n  }");
  });

  it("imports what the page imports from a published package, instead of asking for it", () => {
    const classes = pageSnippet({
      title: "1000 things it knows",
      page: "/classes",
      cells: ["IMAGENET_CLASSES[0]", "labels.length"],
      inputs: {
        IMAGENET_CLASSES: {
          kind: "import",
          source: "@tensorflow-models/mobilenet/dist/imagenet_classes.js",
          imported: "IMAGENET_CLASSES"
        },
        labels: {kind: "import", source: "@tensorflow-models/mobilenet", imported: "default"}
      }
    });
    expect(classes).toContain(
      'import {IMAGENET_CLASSES} from "@tensorflow-models/mobilenet/dist/imagenet_classes.js";'
    );
    expect(classes).toContain('import labels from "@tensorflow-models/mobilenet";');
    expect(classes).toContain("export async function run({} = {}) {");
  });

  it("is JavaScript that parses", () => {
    expect(() => analyzeCell(snippet)).not.toThrow();
  });
});

describe("pages' snippets, run in Node against the bundled model", () => {
  let folder: string;
  beforeAll(async () => {
    await startBackend();
    // A folder of its own, where the snippet finds the published packages as a reader's project would.
    folder = await mkdtemp(join(tmpdir(), "logits-snippet-"));
    await symlink(join(PROJECT_ROOT, "node_modules"), join(folder, "node_modules"), "dir");
  });
  afterAll(async () => {
    await rm(folder, {recursive: true, force: true});
  });

  it("prints the cat's logits, a [1, 1000] tensor, and frees every tensor it made", async () => {
    const cells = (await readPageCells("logits.md")).filter((cell) => cell.echo).map((cell) => cell.code);
    // What the page hands the snippet: its model and photo, and any lesson helper its cells still call.
    const helpers: Record<string, unknown> = {...format};
    const defined = new Set(cells.flatMap((code) => analyzeCell(code).defines));
    const needed = [...new Set(cells.flatMap((code) => analyzeCell(code).reads))].filter(
      (name) => !defined.has(name) && name !== "invalidation" && name !== "tf"
    );
    const inputs: Record<string, SnippetInput> = {};
    for (const name of needed) {
      if (name === "model") inputs[name] = MODEL;
      else if (name === "image" || name in helpers) inputs[name] = PHOTO;
      else throw new Error(`The logits page's cells read \`${name}\`, which this test does not know how to give them.`);
    }
    const file = join(folder, "logits.mjs");
    await writeFile(file, pageSnippet({title: "Outputs: logits", page: "/logits", cells, inputs}));
    const {run} = (await import(pathToFileURL(file).href)) as {run(inputs: Record<string, unknown>): Promise<void>};

    const {modelJson, weights} = await loadModelFiles("v1-0.25");
    const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
    const image = await decodePhoto(photoPath("cat.png"));
    const before = tf.memory().numTensors;
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    try {
      await run({
        modelUrl: singleFileModel(modelJson, async () => weightData),
        image,
        ...Object.fromEntries(needed.filter((name) => name in helpers).map((name) => [name, helpers[name]]))
      });
    } finally {
      log.mockRestore();
    }
    const output = printed.join("\n");
    expect(output).toContain("logits: float32 tensor, shape [1, 1000]");
    expect(output).toMatch(/^Tensor\n\s+\[\[-?\d/m);
    // The model stays loaded (its weights); every other tensor the cells made was freed.
    const modelTensors = Object.keys(modelJson.weightsManifest.flatMap((group) => group.weights)).length;
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(modelTensors);
    image.dispose();
  });

  // These cells reach into the tf.GraphModel inside, as `model.model`: the name mobilenet's own object gives it.
  for (const [page, values] of [
    ["further/inside.md", {}],
    ["further/logit.md", {classId: "285", off: "[3, 14]"}]
  ] as const) {
    it(`${page}: its snippet runs with the published package's model`, async () => {
      const cells = (await readPageCells(page)).filter((cell) => cell.echo).map((cell) => cell.code);
      const inputs: Record<string, SnippetInput> = {model: MODEL, image: PHOTO};
      for (const [name, json] of Object.entries(values)) inputs[name] = {kind: "value", json};
      const file = join(folder, page.replace(/\W/g, "-") + ".mjs");
      await writeFile(file, pageSnippet({title: page, page: `/${page}`, cells, inputs}));
      const {run} = (await import(pathToFileURL(file).href)) as {run(inputs: Record<string, unknown>): Promise<void>};
      const {modelJson, weights} = await loadModelFiles("v1-0.25");
      const weightData = weights.buffer.slice(
        weights.byteOffset,
        weights.byteOffset + weights.byteLength
      ) as ArrayBuffer;
      const image = await decodePhoto(photoPath("cat.png"));
      const printed: string[] = [];
      const log = vi
        .spyOn(console, "log")
        .mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
      try {
        await run({modelUrl: singleFileModel(modelJson, async () => weightData), image});
      } finally {
        log.mockRestore();
        image.dispose();
      }
      const output = printed.join("\n");
      if (page === "further/inside.md") expect(output).toContain("activations:");
      else expect(output).toContain("logitsOff: float32 tensor, shape [1, 1000]");
    });
  }
});
