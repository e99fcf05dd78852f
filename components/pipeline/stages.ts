// Inside MobileNet v1: the stages an image passes through between the input tensor and the logits, what each one
// outputs and how many learned numbers it holds, counted from the model's own weights. The graph model returns any
// stage's output from one run (GraphModel.execute(input, names)); readActivations turns those tensors into plain maps.
import type * as tf from "@tensorflow/tfjs-core";
import type {GraphModel} from "@tensorflow/tfjs-converter";
import {CLASS_COUNT} from "./classes.js";
import {IMAGE_SIZE} from "./input.js";
import {countParameters, type WeightLike} from "./parameters.js";

export type StageKind = "rescale" | "convolution" | "depthwise" | "pointwise" | "pool" | "logits" | "background";

/** What each kind of stage does, in one line. */
export const STAGE_KINDS: Record<StageKind, {title: string; does: string}> = {
  rescale: {
    title: "rescale",
    does: "Maps the input's 0 to 1 onto −1 to 1 (× 2 − 1), the range the network was trained on."
  },
  convolution: {
    title: "convolution",
    does: "3 × 3 filters that each see all three colours at once, moved two pixels at a time."
  },
  depthwise: {
    title: "depthwise",
    does: "One 3 × 3 filter per channel, each channel on its own: finds patterns in space, mixes no channels."
  },
  pointwise: {
    title: "pointwise",
    does: "1 × 1 filters: each output is a weighted sum of all channels at one position: mixes channels, sees no neighbours."
  },
  pool: {title: "global average pool", does: "The mean of each channel over every position: one number per channel."},
  logits: {
    title: "1 × 1 convolution",
    does: "One weight per channel and a bias for each output: one dot product per output."
  },
  background: {
    title: "drop background",
    does: "The mobilenet package drops output 0 (“background”), leaving one per class."
  }
};

/** Where MobileNet v1 halves the size of its maps (stride 2), from the paper's Table 1 (Howard et al., 2017). */
const HALVES = new Set([
  "Conv2d_0",
  "Conv2d_2_depthwise",
  "Conv2d_4_depthwise",
  "Conv2d_6_depthwise",
  "Conv2d_12_depthwise"
]);

/** The blocks of depthwise and pointwise pairs after Conv2d_0. */
export const BLOCKS = 13;

const LAYERS = "module_apply_default/MobilenetV1/MobilenetV1/";
const LOGITS = "module_apply_default/MobilenetV1/Logits/";

export interface Stage {
  /** The layer's name in the graph, e.g. "Conv2d_3_pointwise". */
  name: string;
  kind: StageKind;
  /** The graph node that outputs this stage's result (for GraphModel.execute); null for the package's own last step. */
  node: string | null;
  /** What the stage outputs for one image. */
  shape: number[];
  /** Learned numbers in the stage's weight tensors (float32; integer settings such as reduction axes don't count). */
  parameters: number;
  /** Its weight tensors, by name. */
  weights: {name: string; shape: number[]}[];
}

/** The stage a weight tensor belongs to, from its name in model.json; undefined for a name we don't know. */
function stageOfWeight(name: string): string | undefined {
  if (name.includes("/hub_input/")) return "rescale";
  if (name.includes("/Logits/Conv2d_1c_1x1/")) return "Conv2d_1c_1x1";
  if (name.includes("/Logits/global_pool/")) return "global_pool";
  return /\/(Conv2d_\d+(?:_depthwise|_pointwise)?)\//.exec(name)?.[1];
}

/**
 * Every stage of MobileNet v1 (any width), in order, from its weight tensors: each layer's channel count comes from its
 * weights' shape, its parameters from their sizes. Throws if a weight belongs to no stage, so the stages' parameters
 * always add up to the model's total (countParameters).
 */
export function mobilenetStages(weights: readonly WeightLike[]): Stage[] {
  const byStage = new Map<string, WeightLike[]>();
  for (const weight of weights) {
    const stage = stageOfWeight(weight.name);
    if (!stage) throw new Error(`The weight “${weight.name}” belongs to no stage of MobileNet v1.`);
    byStage.set(stage, [...(byStage.get(stage) ?? []), weight]);
  }
  const stageWeights = (name: string) => byStage.get(name) ?? [];
  /** The output channels of a stage: the last axis of its filter (the third for a depthwise filter). */
  const channelsOf = (name: string, filter: string, axis: number) => {
    const weight = stageWeights(name).find((w) => w.name.endsWith(filter));
    if (!weight) throw new Error(`MobileNet's weights have no ${filter} for ${name}.`);
    return weight.tensor.shape[axis]!;
  };

  const stages: Stage[] = [];
  const add = (name: string, kind: StageKind, node: string | null, shape: number[]) =>
    stages.push({
      name,
      kind,
      node,
      shape,
      parameters: countParameters(stageWeights(name)).parameters,
      weights: stageWeights(name).map((w) => ({name: w.name, shape: w.tensor.shape.slice()}))
    });
  let size = IMAGE_SIZE;
  let channels = 3;
  add("rescale", "rescale", "module_apply_default/hub_input/Sub", [1, size, size, channels]);
  const layer = (name: string, kind: "convolution" | "depthwise" | "pointwise") => {
    if (HALVES.has(name)) size = Math.ceil(size / 2);
    if (kind === "convolution") channels = channelsOf(name, "merged_input", 3);
    if (kind === "depthwise") channels = channelsOf(name, "depthwise_weights", 2);
    if (kind === "pointwise") channels = channelsOf(name, "merged_input", 3);
    add(name, kind, `${LAYERS}${name}/Relu6`, [1, size, size, channels]);
  };
  layer("Conv2d_0", "convolution");
  for (let block = 1; block <= BLOCKS; block++) {
    layer(`Conv2d_${block}_depthwise`, "depthwise");
    layer(`Conv2d_${block}_pointwise`, "pointwise");
  }
  add("global_pool", "pool", `${LOGITS}global_pool`, [1, 1, 1, channels]);
  const outputs = channelsOf("Conv2d_1c_1x1", "weights", 3);
  add("Conv2d_1c_1x1", "logits", `${LOGITS}SpatialSqueeze`, [1, outputs]);
  add("background", "background", null, [1, CLASS_COUNT]);
  return stages;
}

/** The stages whose output is a stack of maps (height × width per channel): the convolutions. */
export function mapStages(stages: readonly Stage[]): Stage[] {
  return stages.filter((s) => s.kind === "convolution" || s.kind === "depthwise" || s.kind === "pointwise");
}

/** One stage's output for one image: `channels` maps of height × width. */
export interface ActivationMap {
  stage: string;
  height: number;
  width: number;
  channels: number;
  /** height × width × channels values, channel last (what `data()` gives for [1, h, w, c]). */
  values: Float32Array;
  /** The largest value in any channel: the maps share one colour scale, from 0 to this. */
  max: number;
}

/**
 * The outputs of `GraphModel.execute(input, names)` as plain maps, one per tensor: `stages` names the stage of each
 * (in the same order). Reads the tensors; does not dispose them.
 */
export async function readActivations(
  tensors: readonly tf.Tensor[],
  stages: readonly Pick<Stage, "name">[]
): Promise<ActivationMap[]> {
  if (tensors.length !== stages.length)
    throw new Error(`readActivations() got ${tensors.length} tensors for ${stages.length} stages.`);
  const values = (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
  return tensors.map((tensor, i) => {
    if (tensor.rank !== 4 || tensor.shape[0] !== 1)
      throw new Error(`A stage's maps are a [1, h, w, c] tensor, not [${tensor.shape.join(", ")}].`);
    const [, height, width, channels] = tensor.shape as [number, number, number, number];
    let max = 0;
    for (const v of values[i]!) if (v > max) max = v;
    return {stage: stages[i]!.name, height, width, channels, values: values[i]!, max};
  });
}

/** Every map stage's output for `input` ([1, 224, 224, 3] in [0, 1]) from one run of the graph, as plain maps. */
export async function stageActivations(
  graph: Pick<GraphModel, "execute">,
  input: tf.Tensor4D,
  stages: readonly Stage[]
): Promise<ActivationMap[]> {
  const withMaps = mapStages(stages);
  const result = graph.execute(
    input,
    withMaps.map((s) => s.node!)
  );
  const tensors = Array.isArray(result) ? result : [result]; // execute returns a lone tensor for one name
  try {
    return await readActivations(tensors, withMaps);
  } finally {
    for (const tensor of tensors) tensor.dispose();
  }
}

/** One channel of a stage's output: height × width values, row by row. */
export function channelValues(map: ActivationMap, channel: number): Float32Array {
  if (!Number.isInteger(channel) || channel < 0 || channel >= map.channels)
    throw new RangeError(`${map.stage} has channels 0 to ${map.channels - 1}, not ${channel}.`);
  const out = new Float32Array(map.height * map.width);
  for (let i = 0; i < out.length; i++) out[i] = map.values[i * map.channels + channel]!;
  return out;
}

/** What one channel's map holds: its largest value and where (row, column from 0), and its mean. */
export interface ChannelSummary {
  channel: number;
  max: number;
  row: number;
  col: number;
  mean: number;
}

export function channelSummaries(map: ActivationMap): ChannelSummary[] {
  const {height, width, channels, values} = map;
  const summaries = Array.from({length: channels}, (_, channel) => ({
    channel,
    max: -Infinity,
    row: 0,
    col: 0,
    mean: 0
  }));
  for (let position = 0; position < height * width; position++) {
    for (let channel = 0; channel < channels; channel++) {
      const v = values[position * channels + channel]!;
      const summary = summaries[channel]!;
      summary.mean += v;
      if (v > summary.max) {
        summary.max = v;
        summary.row = Math.floor(position / width);
        summary.col = position % width;
      }
    }
  }
  for (const summary of summaries) summary.mean /= height * width;
  return summaries;
}

/** The channel that picks something out most clearly: the biggest gap between its peak and its mean. */
export function standoutChannel(summaries: readonly ChannelSummary[]): number {
  if (summaries.length === 0) throw new Error("standoutChannel() needs at least one channel.");
  return summaries.reduce((a, b) => (b.max - b.mean > a.max - a.mean ? b : a)).channel;
}
