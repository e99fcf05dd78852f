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

/** A tensor's shape as the lesson writes it: [1, 112, 112, 8]. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** A logit for a label or a tooltip: two decimals, a real minus sign. */
export function logitText(x: number): string {
  return x.toFixed(2).replace("-", "−");
}

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** An integer as superscript characters ("⁻¹⁰" for −10), so an exponent reads as typeset in plain text too. */
export function superscript(n: number): string {
  return String(n)
    .replace("-", "⁻")
    .replace(/\d/g, (digit) => SUPERSCRIPT_DIGITS[Number(digit)]!);
}

/** A number as a typeset power of ten, `digits` after the point: "2.7 × 10⁻¹⁰", never "2.7e-10". */
export function powerOfTenText(x: number, digits = 1): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  const [mantissa, exponent] = x.toExponential(digits).split("e");
  return `${mantissa!.replace("-", "−")} × 10${superscript(Number(exponent))}`;
}

/** A logit in a column of the terminal: three decimals and an ASCII minus, as print() writes numbers. */
export function logitColumnText(x: number): string {
  return x.toFixed(3);
}

/** A probability as a percentage, with enough digits to tell small ones apart (2.7 × 10⁻¹⁰% for the tiny ones). */
export function probabilityText(p: number): string {
  const percent = p * 100;
  if (percent >= 10) {
    // Just under 100 %, as many decimals as it takes not to round up to a certainty the model did not express.
    let digits = 1;
    while (digits < 6 && percent < 100 && Number(percent.toFixed(digits)) >= 100) digits++;
    return `${percent.toFixed(digits)}%`;
  }
  // Two significant digits, trailing zero kept ("4.0%" beside "4.8%"); 9.96% rounds up into the 10% form above.
  if (percent >= 0.0001)
    return Number(percent.toPrecision(2)) >= 10 ? `${percent.toFixed(1)}%` : `${percent.toPrecision(2)}%`;
  if (percent === 0) return "0%";
  return `${powerOfTenText(percent)}%`;
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

/**
 * A probability axis's tick: whole percentages on a linear scale, one significant digit on a log scale, and a typeset
 * power of ten (10⁻⁵%) below 0.01%.
 */
export function probabilityTickText(p: number, scale: "linear" | "log"): string {
  if (scale === "log")
    return p >= 1e-4 ? `${Number((p * 100).toPrecision(1))}%` : `10${superscript(Math.round(Math.log10(p * 100)))}%`;
  return `${Math.round(p * 1000) / 10}%`;
}

/**
 * A number in a worked calculation with `decimals` decimals, so a column's numbers line up; a typeset power of ten for
 * the very large and the very small.
 */
export function stepText(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return (0).toFixed(decimals);
  const size = Math.abs(x);
  if (size >= 1e5 || size < 10 ** -decimals) return powerOfTenText(x, 2);
  return x.toFixed(decimals).replace(/^-/, "−");
}

/**
 * How far two sets of probabilities are apart at most, in percentage points like the probabilities themselves:
 * "0 (identical)", "12.34 percentage points", or "3.6 × 10⁻⁶ percentage points".
 */
export function differenceText(d: number): string {
  if (d === 0) return "0 (identical)";
  return `${d >= 1e-4 ? (d * 100).toFixed(2) : powerOfTenText(d * 100)} percentage points`;
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
