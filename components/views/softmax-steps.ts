// Softmax by hand on a few logits the reader sets: inputs (a slider and a number box per class) and a table that shows
// every step (subtract the max, exp, sum, divide) with the numbers tfjs computed. Views only: no tensors here.
import {powerOfTenText, probabilityText, stepText} from "../pipeline/format.js";
import type {SoftmaxSteps} from "../pipeline/softmax-steps.js";
import {ScrollRegion} from "./table.js";

export interface SmallLogits {
  labels: string[];
  logits: number[];
}

export interface LogitInputs extends HTMLElement {
  value: SmallLogits;
  /** Starts over from new classes and values (e.g. the top four of a new photo), announcing it as an input. */
  reset(start: SmallLogits): void;
}

/** The usual slider range, widened to hold the starting values (MobileNet's top logits often pass 10). */
export function sliderRange(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  return [Math.min(-5, Math.floor(Math.min(...finite, 0)) - 1), Math.max(10, Math.ceil(Math.max(...finite, 0)) + 1)];
}

let inputsCount = 0;

/** One row per class: its name, a slider and a number box (any finite number, to try what overflows). */
export function LogitInputs(start: SmallLogits): LogitInputs {
  const root = document.createElement("form") as unknown as LogitInputs;
  root.className = "logit-inputs";
  root.setAttribute("aria-label", "Your logits");
  root.addEventListener("submit", (event) => event.preventDefault());
  const id = `logit-inputs-${++inputsCount}`;

  root.reset = ({labels, logits}) => {
    const [min, max] = sliderRange(logits);
    const current = logits.slice();
    root.replaceChildren(
      ...labels.map((label, i) => {
        const row = document.createElement("div");
        row.className = "logit-inputs-row";
        const name = document.createElement("label");
        name.htmlFor = `${id}-${i}`;
        name.textContent = label;
        const slider = document.createElement("input");
        slider.type = "range";
        slider.min = String(min);
        slider.max = String(max);
        slider.step = "0.1";
        slider.value = String(current[i]);
        slider.setAttribute("aria-label", `${label} logit (slider)`);
        const box = document.createElement("input");
        box.type = "number";
        box.id = `${id}-${i}`;
        box.step = "0.1";
        box.value = boxText(current[i]!);
        box.inputMode = "decimal";
        slider.addEventListener("input", () => {
          current[i] = slider.valueAsNumber;
          box.value = boxText(slider.valueAsNumber);
          box.removeAttribute("aria-invalid");
          root.value = {labels: labels.slice(), logits: current.slice()};
        });
        box.addEventListener("input", (event) => {
          const value = box.valueAsNumber;
          if (!Number.isFinite(value)) {
            // Half-typed ("-", "1e") or empty: keep the last good value and don't tell the page anything changed.
            box.setAttribute("aria-invalid", "true");
            event.stopPropagation();
            return;
          }
          box.removeAttribute("aria-invalid");
          current[i] = value;
          slider.value = String(value);
          root.value = {labels: labels.slice(), logits: current.slice()};
        });
        row.append(name, slider, box);
        return row;
      })
    );
    root.value = {labels: labels.slice(), logits: current.slice()};
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  root.reset(start);
  return root;
}

/** A logit in its box: two decimals, like every logit beside it (the value itself keeps all its digits). */
const boxText = (x: number) => x.toFixed(2);

/** Logits and their differences: two decimals, as everywhere in the lesson. */
const logitStep = (x: number) => stepText(x, 2);
/** exp(x − max) and their sum: four decimals. */
const expStep = (x: number) => stepText(x, 4);

function cell(row: HTMLTableRowElement, text: string, className?: string, header = false): HTMLTableCellElement {
  const element = document.createElement(header ? "th" : "td");
  element.textContent = text;
  if (className) element.className = className;
  row.append(element);
  return element;
}

/** The steps as a table (one row per class, one column per step) and the formula with the reader's numbers. */
export function SoftmaxStepsTable(steps: SoftmaxSteps, {labels}: {labels: readonly string[]}): HTMLElement {
  const root = document.createElement("div");
  root.className = "softmax-steps";

  const scroll = ScrollRegion("softmax-steps-scroll", "Softmax steps");
  const table = document.createElement("table");
  table.createCaption().textContent = "Softmax of your logits, one step per column, as tfjs computed it";
  const head = table.createTHead().insertRow();
  // Each step's column names the tfjs op that computed it.
  const columns: [string, string, string?][] = [
    ["class", ""],
    ["x", "your logits", "logit"],
    ["x − max", "tf.sub"],
    ["exp(x − max)", "tf.exp"],
    ["÷ sum = p", "tf.div", "probability"]
  ];
  for (const [name, op, className] of columns) {
    const th = cell(head, name, className, true);
    th.scope = "col";
    if (op) {
      const code = document.createElement("code");
      code.textContent = op;
      th.append(document.createElement("br"), code);
    }
  }
  const body = table.createTBody();
  steps.logits.forEach((x, i) => {
    const row = body.insertRow();
    cell(row, labels[i] ?? `class ${i + 1}`, undefined, true).scope = "row";
    cell(row, logitStep(x), "logit");
    cell(row, logitStep(steps.shifted[i]!));
    cell(row, expStep(steps.exps[i]!));
    const p = cell(row, probabilityText(steps.probabilities[i]!), "probability softmax-steps-p");
    p.style.setProperty("--fraction", String(steps.probabilities[i]));
  });
  const foot = table.createTFoot().insertRow();
  cell(foot, "", undefined, true);
  cell(foot, `max ${logitStep(steps.max)}`).title = "tf.max(x)";
  cell(foot, "");
  cell(foot, `sum ${expStep(steps.sum)}`).title = "tf.sum(exp(x − max))";
  cell(foot, `total ${probabilityText(steps.probabilities.reduce((a, b) => a + b, 0))}`);
  scroll.append(table);

  // The formula once more with the numbers of the most probable class.
  const best = steps.probabilities.indexOf(Math.max(...steps.probabilities));
  const formula = document.createElement("p");
  formula.className = "softmax-formula";
  const name = labels[best] ?? `class ${best + 1}`;
  const power = (exponent: string) => {
    const e = document.createElement("span");
    e.append("e");
    const sup = document.createElement("sup");
    sup.textContent = exponent;
    e.append(sup);
    return e;
  };
  formula.append(`p(${name}) = `, power(`${logitStep(steps.logits[best]!)} − ${logitStep(steps.max)}`), " / (");
  steps.shifted.forEach((s, i) => formula.append(...(i > 0 ? [" + "] : []), power(logitStep(s))));
  formula.append(`) = ${expStep(steps.exps[best]!)} / ${expStep(steps.sum)} = `);
  const result = document.createElement("strong");
  result.className = "probability";
  result.textContent = probabilityText(steps.probabilities[best]!);
  formula.append(result);

  const check = document.createElement("p");
  check.className = "softmax-check";
  const largest = Math.max(...steps.softmax.map((p, i) => Math.abs(p - steps.probabilities[i]!)));
  check.textContent =
    `tf.softmax(x) gives [${steps.softmax.map(probabilityText).join(", ")}]: ` +
    (largest === 0
      ? "exactly the same numbers."
      : `the same up to ${powerOfTenText(largest * 100)} percentage points (float32 rounding).`);

  const naive = document.createElement("p");
  naive.className = "softmax-naive";
  const overflow = steps.naiveExps.some((e) => !Number.isFinite(e));
  // All in one form, so the four read side by side: powers of ten as soon as one needs them.
  const huge = steps.naiveExps.some((e) => Math.abs(e) >= 1e5);
  const naiveText = (e: number) => (huge && Number.isFinite(e) ? powerOfTenText(e, 2) : expStep(e));
  naive.append(`Without subtracting the max, exp(x) would be [${steps.naiveExps.map(naiveText).join(", ")}]`);
  if (overflow) {
    naive.append(
      ": too big for a float32, so the division would give NaN. Subtracting the max keeps every exponent at most ",
      power("0"),
      " = 1."
    );
  } else {
    naive.append(". Fine here, but type 100 in a box: ", power("100"), " does not fit in a float32 (Infinity), while ");
    naive.append(power("x − max"), " always does.");
  }

  root.append(scroll, formula, check, naive);
  return root;
}
