// tf.grad through MobileNet needs the gradient of a depthwise convolution with respect to its input
// (DepthwiseConv2dNativeBackpropInput). tfjs's CPU and WebGL backends have that kernel; its WASM backend, the lesson's
// first choice, does not. Here it is for any backend that lacks it, made of ops every backend has: spread the incoming
// gradient out by the stride, pad it, and run it through the same filters turned 180°.
import * as tf from "@tensorflow/tfjs-core";

const KERNEL = "DepthwiseConv2dNativeBackpropInput";

type Padding = "same" | "valid" | number;

/**
 * The gradient of `tf.depthwiseConv2d(x, filter, strides, pad)` with respect to x, for x of `inputShape` [n, h, w, c],
 * given `dy`, the gradient of its output. Channel multiplier 1 and no dilation (what MobileNet uses).
 */
export function depthwiseInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: readonly number[],
  strides: readonly [number, number],
  pad: Padding
): tf.Tensor4D {
  const [filterHeight, filterWidth, , multiplier] = filter.shape;
  if (multiplier !== 1) throw new Error(`${KERNEL} here handles a channel multiplier of 1, not ${multiplier}.`);
  return tf.tidy(() => {
    const [, height, width] = inputShape as [number, number, number, number];
    const [, outHeight, outWidth, channels] = dy.shape;
    const [strideY, strideX] = strides;
    // Where the forward pass started its filters: "same" pads as TensorFlow does, half the padding (rounded down) first.
    const before = (out: number, stride: number, size: number, filterSize: number) =>
      pad === "same" ? Math.floor(Math.max((out - 1) * stride + filterSize - size, 0) / 2) : pad === "valid" ? 0 : pad;
    const top = before(outHeight, strideY, height, filterHeight);
    const left = before(outWidth, strideX, width, filterWidth);
    // Each output position came from every stride-th input position: put the gradient there, zeros in between.
    let spread: tf.Tensor4D = dy;
    if (strideY > 1 || strideX > 1) {
      const gaps = tf.pad(tf.reshape(dy, [-1, outHeight, 1, outWidth, 1, channels]), [
        [0, 0],
        [0, 0],
        [0, strideY - 1],
        [0, 0],
        [0, strideX - 1],
        [0, 0]
      ]);
      spread = tf.slice(
        tf.reshape(gaps, [-1, outHeight * strideY, outWidth * strideX, channels]),
        [0, 0, 0, 0],
        [-1, (outHeight - 1) * strideY + 1, (outWidth - 1) * strideX + 1, channels]
      ) as tf.Tensor4D;
    }
    // Pad so that a "valid" pass of the turned filters gives back one value per input position.
    const padTop = filterHeight - 1 - top;
    const padLeft = filterWidth - 1 - left;
    const padded = tf.pad(spread, [
      [0, 0],
      [padTop, height + filterHeight - 1 - padTop - spread.shape[1]],
      [padLeft, width + filterWidth - 1 - padLeft - spread.shape[2]],
      [0, 0]
    ]);
    return tf.depthwiseConv2d(padded, tf.reverse(filter, [0, 1]), 1, "valid");
  });
}

/** Registers depthwiseInputGradient as the current backend's DepthwiseConv2dNativeBackpropInput, if it has none. */
export function ensureDepthwiseInputGradient(): void {
  const backend = tf.getBackend();
  if (tf.getKernel(KERNEL, backend)) return;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: backend,
    // Ops inside a kernel run untaped; returning a tensor (not bare TensorInfo) is allowed by the engine.
    kernelFunc: ({inputs, attrs}) => {
      const {dy, filter} = inputs as {dy: tf.Tensor4D; filter: tf.Tensor4D};
      const {strides, pad, dilations, inputShape} = attrs as unknown as {
        strides: number | [number, number];
        pad: Padding;
        dilations?: number | [number, number];
        inputShape: number[];
      };
      const [dilationY, dilationX] = typeof dilations === "number" ? [dilations, dilations] : (dilations ?? [1, 1]);
      if (dilationY !== 1 || dilationX !== 1) throw new Error(`${KERNEL} here handles no dilation.`);
      const pair: [number, number] = typeof strides === "number" ? [strides, strides] : strides;
      return depthwiseInputGradient(dy, filter, inputShape, pair, pad) as unknown as tf.TensorInfo;
    }
  });
}
