import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {executeCell} from "../../components/browser/execute-cell.js";
import {analyzeCell, runnableBody} from "../../components/pipeline/cell-code.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

describe("analyzeCell", () => {
  it("finds what a cell reads and defines, as Framework finds a cell's inputs and outputs", () => {
    const cell = analyzeCell(
      "const logits = model.infer(image); // raw scores\ninvalidation.then(() => logits.dispose());"
    );
    expect(cell.reads).toEqual(["model", "image", "invalidation"]);
    expect(cell.defines).toEqual(["logits"]);
    expect(cell.expression).toBe(false);
  });

  it("leaves out names declared inside the cell: parameters, blocks, loops, catch, classes, destructuring", () => {
    const cell = analyzeCell(`
      const {shape, dtype: type} = logits;
      const [first, ...rest] = shape;
      function top(k, {values = probabilities} = {}) { const local = k; return local + values + arguments.length; }
      for (const item of list) { let inner = item; total += inner; }
      try { risky(); } catch (problem) { console.log(problem.message); }
      class Box { size() { return this.width; } }
      const pick = (id) => ({id, label: classLabel(id), [key]: id});
      label: for (;;) break label;
    `);
    expect(cell.reads).toEqual(["logits", "probabilities", "list", "total", "risky", "console", "classLabel", "key"]);
    expect(cell.defines).toEqual(["shape", "type", "first", "rest", "top", "Box", "pick"]);
    expect(cell.definesCode).toEqual(["top", "Box"]);
  });

  it("tells an expression cell from a program, as Framework does (a trailing semicolon makes a program)", () => {
    expect(analyzeCell("IMAGENET_CLASSES.length // 1000").expression).toBe(true);
    expect(analyzeCell("IMAGENET_CLASSES.length").expressionRange).toEqual([0, 23]);
    expect(analyzeCell("[classLabel(999), shortLabel(999)]").reads).toEqual(["classLabel", "shortLabel"]);
    expect(analyzeCell("editableCells({model});").expression).toBe(false);
    expect(analyzeCell("function top5(m) {\n  return m;\n}")).toMatchObject({expression: false, defines: ["top5"]});
  });

  it("finds imports and the invalidation.then(…) cleanups", () => {
    const cell = analyzeCell(
      'import * as tf from "@tensorflow/tfjs";\nimport {load as loadModel} from "@tensorflow-models/mobilenet";\n' +
        "const t = tf.ones([2]);\ninvalidation.then(() => t.dispose());\ninvalidation.then(() => {\n  a.dispose();\n  b.dispose();\n});"
    );
    expect(cell.imports.map(({source, namespace, names}) => ({source, namespace, names}))).toEqual([
      {source: "@tensorflow/tfjs", namespace: "tf", names: {}},
      {source: "@tensorflow-models/mobilenet", namespace: undefined, names: {loadModel: "load"}}
    ]);
    expect(cell.defines).toEqual(["tf", "loadModel", "t"]);
    expect(cell.cleanups.map((cleanup) => cleanup.code)).toEqual(["t.dispose();", "a.dispose();\n  b.dispose();"]);
  });

  it("throws acorn's SyntaxError, with the line, for code that does not parse", () => {
    expect(() => analyzeCell("const a = 1;\nconst b = ;")).toThrow(
      expect.objectContaining({loc: {line: 2, column: 10}})
    );
  });
});

describe("runnableBody, run by executeCell", () => {
  const scopeFor = (reads: string[], values: Record<string, unknown>) => () =>
    Object.fromEntries(reads.filter((name) => name in values).map((name) => [name, values[name]]));

  async function run(code: string, values: Record<string, unknown>) {
    const cell = analyzeCell(code);
    const {body, lineOffset} = runnableBody(code, cell, (source) =>
      source === "@tensorflow/tfjs" ? "__tfjs" : undefined
    );
    return executeCell(body, scopeFor([...cell.reads, "__tfjs"], {...values, __tfjs: tf}), tf, {lineOffset});
  }

  it("shows each name a cell defines, a tensor with its dtype and shape, and frees the tensors", async () => {
    const before = tf.memory().numTensors;
    const output = await run("const logits = tf.tensor2d([[1, -2, 3]]);\nconst {shape} = logits;", {tf});
    expect(output.error).toBeUndefined();
    expect(output.values).toEqual([
      {name: "logits", text: expect.stringMatching(/^float32 tensor, shape \[1, 3\]\n\s+\[\[1, -2, 3\],\]$/)},
      {name: "shape", text: "[1, 3]"}
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("shows an expression cell's value", async () => {
    const output = await run("labels.length // how many", {labels: ["a", "b"]});
    expect(output.result).toBe("2");
  });

  it("names the reader's line for an error, in an expression cell and after an import", async () => {
    const expression = await run("labels\n  .map((label) => label.missing.length)", {labels: ["a"]});
    expect(expression.error).toMatchObject({name: "TypeError", line: 2});
    const afterImport = await run(
      'import * as tf from "@tensorflow/tfjs";\nconst a = tf.ones([2, 3]);\n\nconst b = tf.matMul(a, a);',
      {}
    );
    expect(afterImport.error).toMatchObject({line: 4});
  });

  it("refuses an import the runner doesn't have, with a message", async () => {
    const output = await run('import {csv} from "d3";\nconst x = 1;', {});
    expect(output.error?.message).toMatch(/Only @tensorflow\/tfjs and @tensorflow-models\/mobilenet can be imported/);
  });

  it("runs the reader's own return instead of the cell's names", async () => {
    const output = await run("const a = 2;\nreturn a * 21;", {});
    expect(output.result).toBe("42");
    expect(output.values).toBeUndefined();
  });
});
