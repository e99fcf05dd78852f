// How the lesson writes numbers, in one place so that a number looks the same wherever it appears: tensors as print()
// does, model outputs, sizes and times, shares and ratios, for pages, views, the CLI and their messages alike. No d3
// and no DOM, so any page, Node and the tests can use them.
import type * as tf from "@tensorflow/tfjs-core";

// ---------------------------------------------------------------------------------------------------------------
// Tensors and model outputs

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

/** A logit in a column of the terminal: three decimals and an ASCII minus, as print() writes numbers. */
export function logitColumnText(x: number): string {
  return x.toFixed(3);
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

/** A probability axis's tick: whole percentages on a linear scale, one significant digit on a log scale. */
export function probabilityTickText(p: number, scale: "linear" | "log"): string {
  if (scale === "log")
    return p >= 1e-4 ? `${Number((p * 100).toPrecision(1))}%` : `1e${Math.round(Math.log10(p * 100))}%`;
  return `${Math.round(p * 1000) / 10}%`;
}

/** A number in a worked calculation, short: four significant digits, exponents for the very large and very small. */
export function stepText(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const size = Math.abs(x);
  const text = size >= 1e5 || size < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
  return text.replace(/^-/, "−");
}

/** How far two sets of probabilities are apart at most: "0 (identical)", or "3.58e-8". */
export function differenceText(d: number): string {
  return d === 0 ? "0 (identical)" : d.toExponential(2);
}

/** An entropy in bits, three decimals (the unit is the caller's to write). */
export function entropyText(bits: number): string {
  return bits.toFixed(3);
}

/** A value of the model's input (a normalised pixel channel): four decimals. */
export function inputValueText(v: number): string {
  return v.toFixed(4);
}

/** A temperature T: two decimals below 10, one from 10. */
export function temperatureText(t: number): string {
  return t.toFixed(t < 10 ? 2 : 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Plain numbers

/** A count with thousands separators: 2,601,976. */
export function countText(n: number): string {
  return n.toLocaleString("en-US");
}

/** A count in millions, two decimals: "2.60 million". */
export function millionsText(n: number): string {
  return `${(n / 1e6).toFixed(2)} million`;
}

/**
 * A number with its sign, a real minus, and "0" (or "0.0") with none: "+100", "−0.35"; with `digits`, rounded to that
 * many decimals and always written with them ("+1.5", "0.0" for a shift that rounds to nothing).
 */
export function signedText(x: number, digits?: number): string {
  const shown = digits === undefined ? x : Math.round(x * 10 ** digits) / 10 ** digits;
  const size = digits === undefined ? String(Math.abs(shown)) : Math.abs(shown).toFixed(digits);
  return `${shown > 0 ? "+" : shown < 0 ? "−" : ""}${size}`;
}

/** A factor a value is multiplied by: "×1.50". */
export function factorText(x: number): string {
  return `×${x.toFixed(2)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Sizes and times

/** Megabytes as the lecture counts them: 1 MB = 1,000,000 bytes. */
export function megabytes(bytes: number): number {
  return bytes / 1e6;
}

/** A model's size: "1.88 MB", "10.4 MB" (two decimals below 10 MB). */
export function mbText(bytes: number): string {
  return `${megabytes(bytes).toFixed(megabytes(bytes) < 10 ? 2 : 1)} MB`;
}

/** A size quoted by someone else, with the precision of a quote: "about 18 MB". */
export function aboutMbText(bytes: number): string {
  return `about ${Number(megabytes(bytes).toPrecision(2))} MB`;
}

/** A download's size so far: "1.9 MB", "60.5 kB", "512 B" (decimal units, as browsers and npm show sizes). */
export function bytesText(count: number): string {
  if (count < 1000) return `${count} B`;
  if (count < 1_000_000) return `${(count / 1000).toFixed(1)} kB`;
  return `${(count / 1_000_000).toFixed(1)} MB`;
}

/** A file's size against a limit set in binary units: "250 MiB". */
export function mibText(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** A pixel count in megapixels for messages: 400000000 → "400". */
export function megapixels(pixels: number): string {
  return (pixels / 1e6).toLocaleString("en-US", {maximumFractionDigits: 1});
}

/** A short time: "3.2 ms", "41 ms" (one decimal below 10 ms). */
export function msText(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

/** A longer time, given in milliseconds: "2.8 s". */
export function secondsText(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------------------------
// Shares and ratios

/** A fraction as a percentage with `digits` decimals: percentText(0.456) is "46%", percentText(0.456, 1) "45.6%". */
export function percentText(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A share that may be tiny, one decimal: "50.0%", and "<0.1%" below a tenth of a percent. */
export function shareText(fraction: number): string {
  const percent = fraction * 100;
  return `${percent < 0.1 ? "<0.1" : percent.toFixed(1)}%`;
}

/** A change in probability as signed percentage points, one decimal: "+12.3", "−0.4", "0.0". */
export function pointsText(drop: number): string {
  return signedText(drop * 100, 1);
}

/** How many of some were hits: "5 of 6 (83%)". */
export function rateText({hits, counted}: {hits: number; counted: number}): string {
  return counted ? `${hits} of ${counted} (${percentText(hits / counted)})` : "no photos counted";
}

/** How many times one number is another: "5.4×", "18×" (one decimal below 10). */
export function ratioText(r: number): string {
  return `${r.toFixed(r < 10 ? 1 : 0)}×`;
}
