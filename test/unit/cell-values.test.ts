import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {
  functionModuleSource,
  functionParameters,
  modelIds,
  receiveValue,
  sendValue,
  type SendContext,
  type SentFunction
} from "../../components/browser/cell-values.js";
import {analyzeCell} from "../../components/pipeline/cell-code.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

function sendContext(pageNames: Record<string, unknown> = {}): SendContext {
  return {
    tf,
    functionReads: (source) => analyzeCell(`(${source})`).reads,
    lookup: async (name) => (name in pageNames ? {value: pageNames[name]} : undefined),
    transfer: []
  };
}

const model = {spec: {id: "v1-0.25"}, infer: () => undefined};
const receiveContext = {
  tf,
  model: (id: string) => ({reader: id}),
  module: (name: string) => ({module: name}),
  exported: (sent: {url: string; name: string}) => ({exported: `${sent.url}#${sent.name}`}),
  layersModel: () => ({layers: true}),
  // Node has no policy against eval: the worker compiles the same maker as a blob: module (functionModuleSource).
  function: (sent: SentFunction) => new Function(...functionParameters(sent), `return (${sent.source});`) as never
};
/** Through the structured clone a postMessage makes, as the worker gets it. */
const across = <T>(value: T): T => structuredClone(value);

describe("sendValue and receiveValue", () => {
  it("sends a tensor as data, shape and dtype, hands over a copy of its buffer, and leaves the page's tensor alone", async () => {
    const pixels = tf.tensor3d([0, 128, 255, 1, 2, 3], [1, 2, 3], "int32");
    const context = sendContext();
    const sent = await sendValue(pixels, "image", context);
    expect(sent).toMatchObject({kind: "tensor", shape: [1, 2, 3], dtype: "int32"});
    expect(context.transfer).toHaveLength(1);
    expect(Array.from(pixels.dataSync())).toEqual([0, 128, 255, 1, 2, 3]);
    const received = receiveValue(across(sent), receiveContext) as tf.Tensor;
    expect(received.shape).toEqual([1, 2, 3]);
    expect(Array.from(await received.data())).toEqual([0, 128, 255, 1, 2, 3]);
    tf.dispose([pixels, received]);
  });

  it("sends the model, tfjs and the mobilenet package by name, to be rebuilt from the same files", async () => {
    const sent = await sendValue(
      {model, tf, mobilenet: await import("@tensorflow-models/mobilenet")},
      "values",
      sendContext()
    );
    expect(modelIds(sent)).toEqual(new Set(["v1-0.25"]));
    expect(receiveValue(across(sent), receiveContext)).toEqual({
      model: {reader: "v1-0.25"},
      tf: {module: "tf"},
      mobilenet: {module: "mobilenet"}
    });
  });

  it("rebuilds a page function from its source, with the page names it reads", async () => {
    const factor = 3;
    const scale = (x: number) => x * factor;
    const sent = await sendValue(scale, "scale", sendContext({factor}));
    const rebuilt = receiveValue(across(sent), receiveContext) as (x: number) => number;
    expect(rebuilt(2)).toBe(6);
  });

  it("compiles a page function as the worker does: a module whose default export makes it", async () => {
    const factor = 4;
    const scale = (x: number) => x * factor;
    const sent = (await sendValue(scale, "scale", sendContext({factor}))) as SentFunction;
    const url = `data:text/javascript,${encodeURIComponent(functionModuleSource(sent))}`;
    const {default: make} = (await import(/* @vite-ignore */ url)) as {default: (factor: number) => typeof scale};
    expect(make(factor)(2)).toBe(8);
  });

  it("gives a rebuilt function the worker's own tfjs where the page shares none (a lesson module's import)", async () => {
    // Made from source, as a built page's module has it (this file's own `tf` is rewritten by the test runner).
    const total = new Function("return (t) => tf.sum(t)")() as (t: tf.Tensor) => tf.Tensor;
    const sent = await sendValue(total, "total", sendContext());
    const rebuilt = receiveValue(across(sent), {...receiveContext, module: () => tf}) as typeof total;
    const sum = rebuilt(tf.tensor1d([1, 2, 3]));
    expect(await sum.data()).toEqual(new Float32Array([6]));
    sum.dispose();
  });

  it("sends a layers model (the toy a page trains) as its topology and weights, to be loaded again", async () => {
    const toy = tf.sequential({layers: [tf.layers.dense({inputShape: [3], units: 2})]});
    const context = sendContext();
    const sent = await sendValue(toy, "model", context);
    expect(sent.kind).toBe("layers-model");
    expect(context.transfer).toHaveLength(1);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory((across(sent) as {artifacts: tf.io.ModelArtifacts}).artifacts)
    );
    const input = tf.tensor2d([[1, 2, 3]]);
    const [expected, got] = [toy.predict(input) as tf.Tensor, loaded.predict(input) as tf.Tensor];
    expect(Array.from(await got.data())).toEqual(Array.from(await expected.data()));
    tf.dispose([input, expected, got]);
    toy.dispose();
    loaded.dispose();
  });

  it("copies plain data, nested, as it is", async () => {
    const value = {name: "cat.png", sizes: [224, 224], logits: new Float32Array([1.5, -2]), when: new Date(0)};
    const received = receiveValue(across(await sendValue(value, "value", sendContext())), receiveContext);
    expect(received).toEqual(value);
  });

  it("sends what can't cross as a stand-in that says why when the code uses it", async () => {
    const freed = tf.scalar(1);
    freed.dispose();
    const sent = await sendValue({freed, secrets: new WeakMap(), pending: Promise.resolve(1)}, "page", sendContext());
    const received = receiveValue(across(sent), receiveContext) as Record<string, {shape: unknown}>;
    expect(() => received.freed!.shape).toThrow("`page.freed` is a tensor the page has already freed (disposed)");
    expect(() => received.secrets!.shape).toThrow(/`page.secrets` is an object of the page \(WeakMap\)/);
    expect(() => received.pending!.shape).toThrow(/a promise/);
  });
});
