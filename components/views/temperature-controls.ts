// Two sliders for the softmax experiments: the temperature T (on a log scale, 0.1 to 10) and a shift c added to every
// logit. Behaves like an Observable input: `.value` is {temperature, shift} and "input" fires on every move.
import {signedText, temperatureText} from "../pipeline/format.js";
import {TEMPERATURE_RANGE, temperatureAt} from "../pipeline/temperature.js";

export interface TemperatureSetting {
  temperature: number;
  shift: number;
}

export type TemperatureControls = HTMLFormElement & {value: TemperatureSetting};

export const SHIFT_RANGE = [-20, 20] as const;

/** A shift as shown, one decimal: "+1.5", "−0.5", and "0.0" for none (even a tiny shift that rounds to it). */
const shiftText = (c: number) => signedText(c, 1);

export function TemperatureControls({
  temperature = 1,
  shift = 0
}: Partial<TemperatureSetting> = {}): TemperatureControls {
  const form = document.createElement("form") as TemperatureControls;
  form.className = "temperature-controls";
  form.addEventListener("submit", (event) => event.preventDefault());

  const row = (labelText: string, input: HTMLInputElement, output: HTMLOutputElement, reset: HTMLButtonElement) => {
    const div = document.createElement("div");
    div.className = "temperature-row";
    const label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = labelText;
    div.append(label, input, output, reset);
    return div;
  };
  const slider = (id: string, min: number, max: number, step: number, value: number) => {
    const input = document.createElement("input");
    input.type = "range";
    input.id = id;
    input.min = String(min);
    input.max = String(max);
    input.step = String(step);
    input.value = String(value);
    return input;
  };
  const resetButton = (text: string, onClick: () => void) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.addEventListener("click", () => {
      onClick();
      update();
      form.dispatchEvent(new Event("input", {bubbles: true}));
    });
    return button;
  };

  const [low, high] = TEMPERATURE_RANGE;
  // The temperature slider moves log10(T): 0.1 → 1 takes as much room as 1 → 10.
  const t = slider("temperature-slider", Math.log10(low), Math.log10(high), 0.01, Math.log10(temperature));
  t.classList.add("temperature-t");
  const tOut = document.createElement("output");
  tOut.htmlFor.add(t.id);
  const c = slider("shift-slider", SHIFT_RANGE[0], SHIFT_RANGE[1], 0.5, shift);
  c.classList.add("temperature-shift");
  const cOut = document.createElement("output");
  cOut.htmlFor.add(c.id);

  function update() {
    const value = {temperature: temperatureAt(Number(t.value)), shift: Number(c.value)};
    form.value = value;
    tOut.textContent = `T = ${temperatureText(value.temperature)}`;
    t.setAttribute("aria-valuetext", `temperature ${temperatureText(value.temperature)}`);
    cOut.textContent = `c = ${shiftText(value.shift)}`;
    c.setAttribute("aria-valuetext", `shift ${shiftText(value.shift)}`);
  }

  t.addEventListener("input", update);
  c.addEventListener("input", update);
  form.append(
    row(
      "Temperature T",
      t,
      tOut,
      resetButton("T = 1", () => (t.value = "0"))
    ),
    row(
      "Shift c (added to every logit)",
      c,
      cOut,
      resetButton("c = 0", () => (c.value = "0"))
    )
  );
  update();
  return form;
}
