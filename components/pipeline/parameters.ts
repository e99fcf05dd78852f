// How many numbers a model learned: the sizes of its weight tensors, added up. The lesson compares two MobileNets by it.
import type * as tf from "@tensorflow/tfjs-core";

/** A weight tensor as the counting needs it; a Classifier's `weights()` gives these. */
export interface WeightLike {
  name: string;
  tensor: Pick<tf.Tensor, "size" | "dtype" | "shape">;
}

export interface ParameterCount {
  /** Numbers in the floating-point weight tensors: the learned parameters. */
  parameters: number;
  /** How many weight tensors hold them. */
  tensors: number;
  /** Their size in memory (float32: 4 bytes each). */
  bytes: number;
  /** The biggest weight tensor: in MobileNet, the last layer, which turns features into 1000 class scores. */
  largest: {name: string; shape: number[]; size: number} | null;
}

const BYTES_PER_ELEMENT: Record<string, number> = {float32: 4, int32: 4, bool: 1, complex64: 8, string: 0};

/**
 * Adds up the sizes of the floating-point weight tensors. A graph model also stores a few integer constants (the axes
 * of a reduction, a shape): settings, not learned numbers, so they are left out.
 */
export function countParameters(weights: readonly WeightLike[]): ParameterCount {
  let parameters = 0;
  let tensors = 0;
  let bytes = 0;
  let largest: ParameterCount["largest"] = null;
  for (const {name, tensor} of weights) {
    if (tensor.dtype !== "float32") continue;
    parameters += tensor.size;
    tensors += 1;
    bytes += tensor.size * (BYTES_PER_ELEMENT[tensor.dtype] ?? 4);
    if (!largest || tensor.size > largest.size) largest = {name, shape: tensor.shape.slice(), size: tensor.size};
  }
  return {parameters, tensors, bytes, largest};
}
