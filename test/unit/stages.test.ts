import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {countParameters, type WeightLike} from "../../components/pipeline/parameters.js";
import {
  channelSummaries,
  channelValues,
  mapStages,
  mobilenetStages,
  readActivations,
  stageActivations,
  standoutChannel,
  STAGE_KINDS
} from "../../components/pipeline/stages.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

const LAYERS = "module_apply_default/MobilenetV1/MobilenetV1/";

/** Output channels of Conv2d_0 and of each block's pointwise layer at width 0.25 (the paper's 32 … 1024, × 0.25). */
const V1_025 = [8, 16, 32, 32, 64, 64, 128, 128, 128, 128, 128, 128, 256, 256];

/** Weight shapes named as in the v1 0.25 model.json: shapes only, as countParameters and mobilenetStages read them. */
function v1Weights(widths: readonly number[] = V1_025, classes = 1001): WeightLike[] {
  const weight = (name: string, shape: number[], dtype = "float32") => ({
    name,
    tensor: {shape, dtype: dtype as tf.DataType, size: shape.reduce((a, b) => a * b, 1)}
  });
  const weights = [
    weight("module_apply_default/hub_input/Mul/y", []),
    weight("module_apply_default/hub_input/Sub/y", []),
    weight(`${LAYERS}Conv2d_0/Conv2D/merged_input`, [3, 3, 3, widths[0]!]),
    weight(`${LAYERS}Conv2d_0/BatchNorm/FusedBatchNorm/Offset`, [widths[0]!])
  ];
  for (let block = 1; block < widths.length; block++) {
    const [inputs, outputs] = [widths[block - 1]!, widths[block]!];
    weights.push(
      weight(`module/MobilenetV1/Conv2d_${block}_depthwise/depthwise_weights`, [3, 3, inputs, 1]),
      weight(`${LAYERS}Conv2d_${block}_depthwise/BatchNorm/FusedBatchNorm/Scaled`, [inputs]),
      weight(`${LAYERS}Conv2d_${block}_depthwise/BatchNorm/FusedBatchNorm/Offset`, [inputs]),
      weight(`${LAYERS}Conv2d_${block}_pointwise/Conv2D/merged_input`, [1, 1, inputs, outputs]),
      weight(`${LAYERS}Conv2d_${block}_pointwise/BatchNorm/FusedBatchNorm/Offset`, [outputs])
    );
  }
  weights.push(
    weight("module_apply_default/MobilenetV1/Logits/global_pool/reduction_indices", [2], "int32"),
    weight("module/MobilenetV1/Logits/Conv2d_1c_1x1/weights", [1, 1, widths.at(-1)!, classes]),
    weight("module/MobilenetV1/Logits/Conv2d_1c_1x1/biases", [classes])
  );
  return weights;
}

describe("mobilenetStages", () => {
  const stages = mobilenetStages(v1Weights());

  it("follows the image from the input through 13 depthwise/pointwise pairs to 1000 logits", () => {
    expect(stages.map((s) => s.name)).toEqual([
      "rescale",
      "Conv2d_0",
      ...Array.from({length: 13}, (_, i) => [`Conv2d_${i + 1}_depthwise`, `Conv2d_${i + 1}_pointwise`]).flat(),
      "global_pool",
      "Conv2d_1c_1x1",
      "background"
    ]);
    expect(stages.every((s) => s.kind in STAGE_KINDS)).toBe(true);
  });

  it("gives each stage's output shape for one image", () => {
    const shape = (name: string) => stages.find((s) => s.name === name)!.shape;
    expect(shape("rescale")).toEqual([1, 224, 224, 3]);
    expect(shape("Conv2d_0")).toEqual([1, 112, 112, 8]);
    expect(shape("Conv2d_1_depthwise")).toEqual([1, 112, 112, 8]);
    expect(shape("Conv2d_1_pointwise")).toEqual([1, 112, 112, 16]);
    expect(shape("Conv2d_2_depthwise")).toEqual([1, 56, 56, 16]);
    expect(shape("Conv2d_4_depthwise")).toEqual([1, 28, 28, 32]);
    expect(shape("Conv2d_6_pointwise")).toEqual([1, 14, 14, 128]);
    expect(shape("Conv2d_11_pointwise")).toEqual([1, 14, 14, 128]);
    expect(shape("Conv2d_12_depthwise")).toEqual([1, 7, 7, 128]);
    expect(shape("Conv2d_13_pointwise")).toEqual([1, 7, 7, 256]);
    expect(shape("global_pool")).toEqual([1, 1, 1, 256]);
    expect(shape("Conv2d_1c_1x1")).toEqual([1, 1001]);
    expect(shape("background")).toEqual([1, 1000]);
  });

  it("counts each stage's parameters from its weights, and they add up to the model's total", () => {
    const count = (name: string) => stages.find((s) => s.name === name)!.parameters;
    expect(count("rescale")).toBe(2);
    expect(count("Conv2d_0")).toBe(3 * 3 * 3 * 8 + 8);
    expect(count("Conv2d_1_depthwise")).toBe(3 * 3 * 8 + 8 + 8);
    expect(count("Conv2d_1_pointwise")).toBe(8 * 16 + 16);
    expect(count("Conv2d_13_pointwise")).toBe(256 * 256 + 256);
    expect(count("global_pool")).toBe(0); // its reduction axes are an integer setting, not learned
    expect(count("Conv2d_1c_1x1")).toBe(256 * 1001 + 1001);
    expect(count("background")).toBe(0);
    const total = stages.reduce((sum, s) => sum + s.parameters, 0);
    expect(total).toBe(countParameters(v1Weights()).parameters);
  });

  it("reads the widths from the weights, so a wider MobileNet v1 has its own shapes", () => {
    const wide = mobilenetStages(v1Weights(V1_025.map((w) => w * 2)));
    expect(wide.find((s) => s.name === "Conv2d_13_pointwise")!.shape).toEqual([1, 7, 7, 512]);
    expect(wide.find((s) => s.name === "global_pool")!.shape).toEqual([1, 1, 1, 512]);
  });

  it("names a graph node for every stage the graph computes", () => {
    for (const stage of stages.slice(0, -1)) expect(stage.node).toMatch(/^module_apply_default\//);
    expect(stages.find((s) => s.name === "Conv2d_5_pointwise")!.node).toBe(`${LAYERS}Conv2d_5_pointwise/Relu6`);
    expect(stages.at(-1)!.node).toBeNull();
    expect(mapStages(stages)).toHaveLength(27);
  });

  it("refuses a weight that belongs to no stage (so no parameter goes uncounted)", () => {
    const extra = [...v1Weights(), {name: "mystery/kernel", tensor: {shape: [3], dtype: "float32" as const, size: 3}}];
    expect(() => mobilenetStages(extra)).toThrow(/mystery\/kernel/);
  });
});

describe("activations", () => {
  // Two channels of a 2 × 3 map, channel last: channel 0 counts up, channel 1 peaks at row 1, column 0.
  const values = [0, 1, 1, 0, 2, 0.5, 3, 6, 4, 0, 5, 0];
  const tensor = () => tf.tensor4d(values, [1, 2, 3, 2]);

  it("reads execute's tensors into plain maps with their shared maximum", async () => {
    const t = tensor();
    const [map] = await readActivations([t], [{name: "Conv2d_0"}]);
    t.dispose();
    expect(map).toMatchObject({stage: "Conv2d_0", height: 2, width: 3, channels: 2, max: 6});
    expect(Array.from(map!.values)).toEqual(values);
    expect(Array.from(channelValues(map!, 0))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(channelValues(map!, 1))).toEqual([1, 0, 0.5, 6, 0, 0]);
    expect(() => channelValues(map!, 2)).toThrow(RangeError);
  });

  it("summarises each channel: its peak, where it is, and its mean", async () => {
    const t = tensor();
    const [map] = await readActivations([t], [{name: "Conv2d_0"}]);
    t.dispose();
    expect(channelSummaries(map!)).toEqual([
      {channel: 0, max: 5, row: 1, col: 2, mean: 2.5},
      {channel: 1, max: 6, row: 1, col: 0, mean: 7.5 / 6}
    ]);
  });

  it("takes execute's lone tensor for a single stage", async () => {
    const stages = mobilenetStages(v1Weights()).filter((s) => s.name === "Conv2d_13_pointwise");
    const graph = {execute: () => tf.ones([1, 7, 7, 4])} as unknown as Parameters<typeof stageActivations>[0];
    const input = tf.zeros([1, 224, 224, 3]) as tf.Tensor4D;
    const maps = await stageActivations(graph, input, stages);
    input.dispose();
    expect(maps.map((m) => [m.stage, m.channels, m.max])).toEqual([["Conv2d_13_pointwise", 4, 1]]);
  });

  it("finds the channel that stands out most: the biggest gap between peak and mean", async () => {
    const t = tensor();
    const [map] = await readActivations([t], [{name: "Conv2d_0"}]);
    t.dispose();
    expect(standoutChannel(channelSummaries(map!))).toBe(1); // 6 − 1.25 beats 5 − 2.5
    expect(() => standoutChannel([])).toThrow();
  });

  it("asks the graph for every map stage in one execute call and frees its tensors", async () => {
    const stages = mobilenetStages(v1Weights());
    const asked: string[][] = [];
    const graph = {
      execute: (_input: unknown, names: string | string[]) => {
        asked.push([names].flat());
        return [names].flat().map(() => tf.ones([1, 2, 2, 3]));
      }
    } as unknown as Parameters<typeof stageActivations>[0];
    const input = tf.zeros([1, 224, 224, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const maps = await stageActivations(graph, input, stages);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toEqual(mapStages(stages).map((s) => s.node));
    expect(maps.map((m) => m.stage)).toEqual(mapStages(stages).map((s) => s.name));
  });
});
