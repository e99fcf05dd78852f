import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {
  cellModuleSource,
  describeValue,
  executeCell,
  functionCompiler,
  MAX_LOG_LINES,
  MAX_TEXT_LENGTH,
  moduleCompiler,
  runtimeErrorLocation,
  truncateText
} from "../../components/browser/execute-cell.js";
import {formatTensor} from "../../components/pipeline/format.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

const scope = () => ({tf, image: tf.ones([2, 2, 3], "int32"), answer: 42});

describe("executeCell", () => {
  it("gives the code its scope and shows a returned value", async () => {
    const output = await executeCell("return answer + 1;", scope, tf);
    expect(output.result).toBe("43");
    expect(output.error).toBeUndefined();
    expect(output.logs).toEqual([]);
  });

  it("captures console output, including a tensor's print(), and puts console back", async () => {
    const log = console.log;
    const output = await executeCell(
      'const t = tf.tensor1d([1, 2, 3]);\nt.print();\nconsole.log("n", t.size);\nconsole.warn("careful");',
      scope,
      tf
    );
    const expected = tf.tensor1d([1, 2, 3]);
    expect(output.logs).toEqual([
      {level: "log", text: formatTensor(expected)},
      {level: "log", text: "n 3"},
      {level: "warn", text: "careful"}
    ]);
    expected.dispose();
    expect(console.log).toBe(log);
  });

  it("prints a returned tensor as print() does, then frees every tensor the run made", async () => {
    const before = tf.memory().numTensors;
    const output = await executeCell(
      "const a = tf.ones([2, 2]);\nconst b = a.add(1);\nreturn b.mul(image.shape[0]);",
      scope,
      tf
    );
    const expected = tf.fill([2, 2], 4);
    expect(output.result).toBe(formatTensor(expected));
    expected.dispose();
    expect(output.tensorsBefore).toBe(before);
    expect(output.tensorsAfter).toBe(before);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("frees tensors after an await, too", async () => {
    const before = tf.memory().numTensors;
    const output = await executeCell(
      "const t = tf.range(0, 5);\nconst values = await t.data();\nconst u = t.square();\nreturn Array.from(values);",
      scope,
      tf
    );
    expect(output.result).toBe("[0, 1, 2, 3, 4]");
    expect(tf.memory().numTensors).toBe(before);
  });

  it("reports a syntax error with its line, and runs nothing", async () => {
    const before = tf.memory().numTensors;
    const output = await executeCell('console.log("first");\nconst x = ;\nreturn 1;', scope, tf);
    expect(output.error).toMatchObject({name: "SyntaxError", line: 2});
    expect(output.error!.message.length).toBeGreaterThan(0);
    expect(output.logs).toEqual([]);
    expect(output.result).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("accepts top-level await and return (the cell is an async function body)", async () => {
    const output = await executeCell("const v = await Promise.resolve(5);\nreturn v * 2;", scope, tf);
    expect(output.result).toBe("10");
  });

  it("reports a runtime error with its line, keeping what was logged before it", async () => {
    const before = tf.memory().numTensors;
    const output = await executeCell('tf.ones([3]);\nconsole.log("before");\nnotDefined.call();', scope, tf);
    expect(output.logs).toEqual([{level: "log", text: "before"}]);
    expect(output.error).toMatchObject({name: "ReferenceError", line: 3});
    expect(tf.memory().numTensors).toBe(before);
  });

  it("reports tfjs's own errors (a shape mismatch) with the reader's line", async () => {
    const output = await executeCell("const a = tf.ones([2, 3]);\n\nreturn tf.matMul(a, a);", scope, tf);
    expect(output.error?.message).toMatch(/inner dimensions|shape/i);
    expect(output.error?.line).toBe(3);
  });

  it("keeps the first 1,000 lines of a flood of console.log and counts the rest; cuts long text", async () => {
    const output = await executeCell(
      'for (let i = 0; i < 5000; i++) console.log("line", i);\nreturn "y".repeat(20000);',
      scope,
      tf
    );
    expect(output.logs).toHaveLength(MAX_LOG_LINES + 1);
    expect(output.logs[MAX_LOG_LINES - 1]).toEqual({level: "log", text: "line 999"});
    expect(output.logs[MAX_LOG_LINES]).toEqual({
      level: "info",
      text: "… and 4,000 more lines, not shown (a cell shows its first 1,000)."
    });
    expect(output.result).toBe(`${"y".repeat(MAX_TEXT_LENGTH)}… (10,000 more characters)`);
  });

  it("explains a thrown non-Error", async () => {
    const output = await executeCell('throw "oops";', scope, tf);
    expect(output.error?.message).toMatch(/oops/);
  });
});

describe("describeValue", () => {
  it("shows values the way a console would, briefly", () => {
    expect(describeValue("text", tf)).toBe("text");
    expect(describeValue(["a", 1], tf)).toBe('["a", 1]');
    expect(describeValue({shape: [1, 1000]}, tf)).toBe("{shape: [1, 1000]}");
    expect(describeValue(new Float32Array([0.5, 1]), tf)).toBe("Float32Array(2) [0.5, 1]");
    expect(
      describeValue(
        Array.from({length: 25}, (_, i) => i),
        tf
      )
    ).toMatch(/… 5 more\]$/);
    expect(describeValue(Promise.resolve(1), tf)).toMatch(/await/);
    expect(describeValue(undefined, tf)).toBe("undefined");
  });

  it("says when a tensor was already disposed", () => {
    const t = tf.zeros([2]);
    t.dispose();
    expect(describeValue(t, tf)).toMatch(/disposed/);
  });
});

describe("runtimeErrorLocation", () => {
  it("is empty for errors that did not come from a cell", () => {
    expect(runtimeErrorLocation(new Error("x"))).toEqual({});
    expect(runtimeErrorLocation("not an error")).toEqual({});
  });

  it("reads the line from the frame of the cell's own source, a blob: module in the browser", () => {
    const url = "blob:http://127.0.0.1:4321/0b6f7c1e-2f5a-4a53-9d3e-1c1f8a0e9b7a";
    const error = new TypeError("x.y is undefined");
    error.stack = `TypeError: x.y is undefined\n    at helper (${url}:9:3)\n    at anonymous (${url}:5:11)`;
    expect(runtimeErrorLocation(error, url)).toEqual({line: 7, column: 3});
    expect(runtimeErrorLocation(error)).toEqual({});
  });
});

describe("compilers", () => {
  it("write the module with the reader's code on the line an AsyncFunction puts it", () => {
    const code = "first();\nsecond();";
    const source = cellModuleSource(["model", "image"], code).split("\n");
    expect(source).toEqual([
      "export default async function anonymous(model,image",
      ") {",
      "first();",
      "second();",
      "}",
      ""
    ]);
    const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => () => Promise<void>;
    const asFunction = new AsyncFunction("model", "image", code).toString().split("\n");
    expect(asFunction.indexOf("first();")).toBe(source.indexOf("first();"));
  });

  it("locate syntax errors; as a module, strict-mode errors too", async () => {
    expect(await functionCompiler.locateSyntaxError("const a = 1;\nconst b = ;")).toEqual({line: 2, column: 11});
    expect(await functionCompiler.locateSyntaxError("with (a) {}")).toBeUndefined();
    expect(await moduleCompiler.locateSyntaxError("const a = 1;\n\nwith (a) {}")).toEqual({line: 3, column: 1});
    expect(await moduleCompiler.locateSyntaxError("const v = await f();\nreturn v;")).toBeUndefined();
  });
});

describe("truncateText", () => {
  it("keeps short text and cuts long text, saying how much is left out", () => {
    expect(truncateText("short")).toBe("short");
    expect(truncateText("z".repeat(MAX_TEXT_LENGTH + 1234))).toBe(
      `${"z".repeat(MAX_TEXT_LENGTH)}… (1,234 more characters)`
    );
  });
});
