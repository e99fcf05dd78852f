// How the lesson writes numbers: tensors as print() does, and single numbers for labels, tables and prose (no d3, so
// any page can use them).
import type * as tf from "@tensorflow/tfjs-core";

/**
 * The text `t.print()` writes to the console, as a string: tfjs's own formatting (padding, precision, and "..." for
 * long axes), so a page can show exactly what a reader would see in their console.
 */
export function formatTensor(t: tf.Tensor, verbose = false): string {
  return t.toString(verbose);
}

/** The shortest decimal that is the same float32 as `x` (what the model's number is, without float64 noise). */
export function float32Text(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const target = Math.fround(x);
  for (let digits = 1; digits <= 9; digits++) {
    const text = target.toPrecision(digits);
    if (Math.fround(Number(text)) === target) return String(Number(text));
  }
  return String(target);
}

/** A logit for a label or a tooltip: two decimals, a real minus sign. */
export function logitText(x: number): string {
  return x.toFixed(2).replace("-", "−");
}

/** A probability as a percentage, with enough digits to tell small ones apart (1.2e-7 % for the tiny ones). */
export function probabilityText(p: number): string {
  const percent = p * 100;
  if (percent >= 10) {
    // Just under 100 %, as many decimals as it takes not to round up to a certainty the model did not express.
    let digits = 1;
    while (digits < 6 && percent < 100 && Number(percent.toFixed(digits)) >= 100) digits++;
    return `${percent.toFixed(digits)}%`;
  }
  if (percent >= 0.0001) return `${Number(percent.toPrecision(2))}%`;
  if (percent === 0) return "0%";
  return `${percent.toExponential(1)}%`;
}

/** A change in a logit, signed: "+0.42", "−1.30", "0.00" for none (two decimals, a real minus sign). */
export function logitChangeText(change: number): string {
  const text = logitText(change);
  return change > 0 && text !== "0.00" ? `+${text}` : text === "−0.00" ? "0.00" : text;
}

/**
 * An amount of information: "2.44 bits", "0.031 bits"; under 0.0001 bits (float32 rounding, for two equal
 * distributions) "0.0000 bits", without the sign such rounding can leave.
 */
export function bitsText(bits: number): string {
  if (Math.abs(bits) < 1e-4) return "0.0000 bits";
  const digits = Math.abs(bits) >= 1 ? 2 : 1 - Math.floor(Math.log10(Math.abs(bits)));
  return `${bits.toFixed(digits).replace("-", "−")} bits`;
}
