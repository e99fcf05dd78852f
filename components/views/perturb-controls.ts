// Sliders for the photo edits of components/pipeline/perturb.ts. Behaves like an Observable input (`.value` is the
// current Perturbation, an "input" event announces a change) but announces at most once per animation frame: a
// dragged slider fires dozens of events a second, and each announcement costs a run of the model. PerturbPreview
// shows the edited photo with the edits in words.
import {NEUTRAL_PERTURBATION, type Perturbation} from "../pipeline/perturb.js";

type SliderKey = Exclude<keyof Perturbation, "seed">;

interface SliderSpec {
  key: SliderKey;
  label: string;
  min: number;
  max: number;
  step: number;
  format: (value: number) => string;
  /** Meaningful only when zoomed in (the pans). */
  needsZoom?: boolean;
}

const signed = (value: number) => (value > 0 ? `+${value}` : value < 0 ? `−${-value}` : "0");
const times = (value: number) => `×${value.toFixed(2)}`;

export const PERTURB_SLIDERS: readonly SliderSpec[] = [
  {key: "brightness", label: "Brightness", min: -150, max: 150, step: 1, format: signed},
  {key: "contrast", label: "Contrast", min: 0, max: 3, step: 0.05, format: times},
  {key: "rotation", label: "Rotation", min: -180, max: 180, step: 1, format: (v) => `${signed(v)}°`},
  {key: "zoom", label: "Zoom", min: 1, max: 4, step: 0.05, format: times},
  {
    key: "panX",
    label: "Pan across",
    min: -1,
    max: 1,
    step: 0.05,
    format: (v) => signed(Math.round(v * 100) / 100),
    needsZoom: true
  },
  {
    key: "panY",
    label: "Pan down",
    min: -1,
    max: 1,
    step: 0.05,
    format: (v) => signed(Math.round(v * 100) / 100),
    needsZoom: true
  },
  {key: "noise", label: "Noise (σ)", min: 0, max: 100, step: 1, format: String}
];

export interface PerturbControls extends HTMLFormElement {
  value: Perturbation;
}

let controlsCount = 0;

export function PerturbControls(initial: Readonly<Perturbation>): PerturbControls {
  const form = document.createElement("form") as PerturbControls;
  const id = `perturb-${++controlsCount}`;
  form.className = "perturb-controls";
  form.setAttribute("aria-label", "Edit the photo");
  form.addEventListener("submit", (event) => event.preventDefault());
  let value: Perturbation = {...initial};

  let frame = 0;
  const announce = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      form.value = {...value};
      form.dispatchEvent(new Event("input", {bubbles: true}));
    });
  };

  const rows = PERTURB_SLIDERS.map((spec) => {
    const row = document.createElement("div");
    row.className = "perturb-row";
    const label = document.createElement("label");
    label.htmlFor = `${id}-${spec.key}`;
    label.textContent = spec.label;
    const input = document.createElement("input");
    input.type = "range";
    input.id = `${id}-${spec.key}`;
    input.name = spec.key;
    input.min = String(spec.min);
    input.max = String(spec.max);
    input.step = String(spec.step);
    const output = document.createElement("output");
    output.htmlFor.add(input.id);
    const show = () => {
      const text = spec.format(value[spec.key]);
      output.textContent = text;
      input.setAttribute("aria-valuetext", text);
    };
    // The sliders' own events stop here: the form announces the combined value once per frame instead.
    input.addEventListener("input", (event) => {
      event.stopPropagation();
      value = {...value, [spec.key]: Number(input.value)};
      show();
      refreshPans();
      announce();
    });
    input.addEventListener("change", (event) => event.stopPropagation());
    row.append(label, input, output);
    return {spec, input, show};
  });

  const refreshPans = () => {
    for (const {spec, input} of rows) if (spec.needsZoom) input.disabled = value.zoom <= 1;
  };
  const setAll = (next: Perturbation) => {
    value = {...next};
    for (const {spec, input, show} of rows) {
      input.value = String(value[spec.key]);
      show();
    }
    refreshPans();
    announce();
  };

  const buttons = document.createElement("div");
  buttons.className = "perturb-buttons";
  const reseed = document.createElement("button");
  reseed.type = "button";
  const seedText = () => `New noise (seed ${value.seed})`;
  reseed.addEventListener("click", () => {
    setAll({...value, seed: value.seed + 1});
    reseed.textContent = seedText();
  });
  const reset = document.createElement("button");
  reset.type = "button";
  reset.textContent = "Reset";
  reset.addEventListener("click", () => {
    setAll({...initial});
    reseed.textContent = seedText();
  });
  buttons.append(reset, reseed);

  form.append(...rows.map((r) => r.input.parentElement!), buttons);
  setAll(value);
  cancelAnimationFrame(frame); // nothing changed yet: no announcement for the initial value
  frame = 0;
  reseed.textContent = seedText();
  form.value = {...value};
  return form;
}

/** The edits in `settings`, in words: "brightness +100, rotation −10°", or "unedited". */
export function describePerturbation(settings: Readonly<Perturbation>): string {
  const changes = PERTURB_SLIDERS.filter((s) => settings[s.key] !== NEUTRAL_PERTURBATION[s.key]).map(
    (s) => `${s.label.toLowerCase()} ${s.format(settings[s.key])}`
  );
  return changes.length ? changes.join(", ") : "unedited";
}

export interface PerturbPreview extends HTMLElement {
  /** Draws the edited photo, RGBA bytes `width` × `height` (as tf.browser.toPixels gives them), and its edits. */
  show(rgba: Uint8ClampedArray, width: number, height: number, settings: Readonly<Perturbation>): void;
}

/** The photo the model is given, with a caption (and text alternative) that says what was done to it. */
export function PerturbPreview(): PerturbPreview {
  const figure = document.createElement("figure") as unknown as PerturbPreview;
  figure.className = "perturb-preview";
  const canvas = document.createElement("canvas");
  canvas.className = "photo perturb-preview-canvas";
  canvas.setAttribute("role", "img");
  const caption = document.createElement("figcaption");
  figure.append(canvas, caption);
  figure.show = (rgba, width, height, settings) => {
    canvas.width = width;
    canvas.height = height;
    canvas.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
    const described = `The photo the model is given, ${width} × ${height} pixels: ${describePerturbation(settings)}.`;
    caption.textContent = described;
    canvas.setAttribute("aria-label", described);
  };
  return figure;
}
