// A stage's output for the reader's photo: one small canvas per channel on one shared colour scale, a readout of the
// value under the pointer (or, from the keyboard, of the focused channel), and one channel at full size over the photo.
import {channelSummaries, channelValues, type ActivationMap, type Stage} from "../pipeline/stages.js";
import {regionName} from "../pipeline/occlusion.js";
import {ValuesTable} from "./chart-kit.js";
import {drawMapOverPhoto, heatImage, HeatLegend, type MapOverPhotoData} from "./heat.js";
import {shapeText} from "./network-overview.js";

/** A value of a map (ReLU6 keeps them from 0 to 6): two decimals. */
export const activationText = (v: number) => v.toFixed(2);

/** Where in a size × size map, in words: "row 3, column 7 of 56, top left". */
const placeText = (row: number, col: number, size: number) =>
  `row ${row + 1}, column ${col + 1} of ${size}, ${regionName(row, col, size)}`;

/** A stage chooser that behaves like an Observable input: `.value` is the stage's name; "input" when it changes. */
export function StagePicker(stages: readonly Stage[], value: string): HTMLElement & {value: string} {
  const root = document.createElement("form") as unknown as HTMLFormElement & {value: string};
  root.className = "stage-picker";
  root.addEventListener("submit", (event) => event.preventDefault());
  const label = document.createElement("label");
  label.textContent = "Stage ";
  const select = document.createElement("select");
  for (const stage of stages) {
    const option = document.createElement("option");
    option.value = stage.name;
    option.textContent = `${stage.name}  ${shapeText(stage.shape)}`;
    select.append(option);
  }
  select.value = value;
  label.append(select);
  const step = (text: string, name: string, by: number) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.setAttribute("aria-label", name);
    button.addEventListener("click", () => {
      const next = select.selectedIndex + by;
      if (next < 0 || next >= stages.length) return;
      select.selectedIndex = next;
      select.dispatchEvent(new Event("input", {bubbles: true}));
    });
    return button;
  };
  root.append(step("←", "Previous stage", -1), label, step("→", "Next stage", 1));
  Object.defineProperty(root, "value", {get: () => select.value});
  return root;
}

export interface ActivationMapsOptions {
  width?: number;
  /** The channel picked (shown at full size elsewhere); it is marked and keyboard focus starts on it. */
  channel?: number;
  /** What the maps are of, for the text ("cat.png"). */
  subject?: string;
}

/**
 * Every channel of `map` as a small canvas; like an Observable input, `.value` is the picked channel and "input" is
 * sent when the reader picks another (click, or Enter on the focused one; the arrow keys move between them).
 */
export function ActivationMaps(
  map: ActivationMap,
  {width = 640, channel = 0, subject = "the photo"}: ActivationMapsOptions = {}
): HTMLElement & {value: number} {
  const {height, width: mapWidth, channels, max} = map;
  const summaries = channelSummaries(map);
  const strongest = summaries.reduce((a, b) => (b.max > a.max ? b : a));
  const quiet = summaries.filter((s) => s.max === 0).length;
  const summary =
    `${map.stage}: ${channels} maps of ${height} × ${mapWidth} for ${subject}, on one colour scale from 0 to ${activationText(max)}. ` +
    `The strongest value is in channel ${strongest.channel}, at ${placeText(strongest.row, strongest.col, height)}.` +
    (quiet ? ` ${quiet} of the ${channels} channels are 0 everywhere on this photo.` : "");

  const root = document.createElement("figure") as unknown as HTMLElement & {value: number};
  root.className = "activation-maps";
  root.dataset.stage = map.stage;
  root.dataset.channels = String(channels);
  root.value = channel;
  const caption = document.createElement("figcaption");
  caption.textContent = summary;

  const grid = document.createElement("div");
  grid.className = "activation-grid";
  grid.setAttribute("role", "radiogroup");
  grid.setAttribute("aria-label", `The ${channels} channels of ${map.stage}: pick one to see it over the photo`);
  // Big enough to see, small enough that a stage fits in about a screenful.
  const tile = Math.max(32, Math.min(112, Math.floor(Math.sqrt((Math.max(width, 280) * 520) / channels))));
  grid.style.setProperty("--tile", `${tile}px`);

  const readout = document.createElement("p");
  readout.className = "activation-readout";
  readout.setAttribute("aria-live", "polite");
  const describe = (c: number) => {
    const s = summaries[c]!;
    return s.max === 0
      ? `Channel ${c}: 0 everywhere on this photo.`
      : `Channel ${c}: strongest ${activationText(s.max)} at ${placeText(s.row, s.col, height)}; mean ${activationText(s.mean)}.`;
  };
  readout.textContent =
    "Point at a map to read its values; click one (or use the arrow keys and Enter) to see it over the photo.";

  const buttons = summaries.map((s) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "activation-tile";
    button.setAttribute("role", "radio");
    button.setAttribute("aria-checked", String(s.channel === channel));
    button.setAttribute("aria-label", describe(s.channel));
    button.tabIndex = s.channel === channel ? 0 : -1;
    button.dataset.channel = String(s.channel);
    const canvas = document.createElement("canvas");
    canvas.width = mapWidth;
    canvas.height = height;
    canvas.getContext("2d")!.putImageData(heatImage(channelValues(map, s.channel), mapWidth, height, max), 0, 0);
    const number = document.createElement("span");
    number.textContent = String(s.channel);
    number.setAttribute("aria-hidden", "true");
    button.append(canvas, number);
    button.addEventListener("pointermove", (event) => {
      const box = canvas.getBoundingClientRect();
      const col = Math.min(mapWidth - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * mapWidth)));
      const row = Math.min(height - 1, Math.max(0, Math.floor(((event.clientY - box.top) / box.height) * height)));
      const value = map.values[(row * mapWidth + col) * channels + s.channel]!;
      readout.textContent = `Channel ${s.channel}, ${placeText(row, col, height)}: ${activationText(value)}.`;
    });
    button.addEventListener("focus", () => (readout.textContent = describe(s.channel)));
    button.addEventListener("click", () => pick(s.channel));
    return button;
  });
  grid.append(...buttons);

  function pick(next: number) {
    buttons.forEach((b, i) => b.setAttribute("aria-checked", String(i === next)));
    root.value = next;
    root.dispatchEvent(new Event("input", {bubbles: true}));
  }
  grid.addEventListener("keydown", (event) => {
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (current < 0) return;
    const columns = Math.max(1, getComputedStyle(grid).gridTemplateColumns.split(" ").length);
    const target = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      ArrowDown: current + columns,
      ArrowUp: current - columns,
      Home: 0,
      End: channels - 1
    }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(channels - 1, target));
    buttons[current]!.tabIndex = -1;
    buttons[next]!.tabIndex = 0;
    buttons[next]!.focus();
  });

  root.append(
    caption,
    HeatLegend(`Value (one scale for all ${channels} maps)`, activationText(max)),
    grid,
    readout,
    ValuesTable(
      `Each channel's strongest value, where it is, and its mean (${channels} rows)`,
      ["Channel", "Strongest", "Row", "Column", "Mean"],
      summaries.map((s) => [s.channel, activationText(s.max), s.row + 1, s.col + 1, activationText(s.mean)])
    )
  );
  return root;
}

export interface MapOnPhotoOptions {
  /** Largest size on screen, in CSS pixels. */
  width?: number;
  /** Words for the figure: what the map is ("Channel 12 of Conv2d_13_pointwise"). */
  label: string;
  /** Lets the reader move a cursor over the map with the arrow keys (and the pointer), reading each value. */
  explore?: boolean;
  /** How to write a value in the readout. */
  format?: (value: number) => string;
}

/** One map over the photo the model saw: where in the image it is strong. Its text says where it peaks. */
export function MapOnPhoto(
  data: MapOverPhotoData,
  {width = 448, label, explore = false, format = activationText}: MapOnPhotoOptions
): HTMLElement {
  const {map} = data;
  let peak = 0;
  for (let i = 1; i < map.values.length; i++) if (map.values[i]! > map.values[peak]!) peak = i;
  const place = (i: number) => placeText(Math.floor(i / map.width), i % map.width, map.height);
  const where =
    map.values[peak]! > 0
      ? `strongest (${format(map.values[peak]!)}) at ${place(peak)}`
      : "0 everywhere: nothing on this photo makes it respond";
  const figure = document.createElement("figure");
  figure.className = explore ? "map-on-photo map-on-photo-explore" : "map-on-photo";
  const size = Math.min(width, 448);
  const canvas = document.createElement("canvas");
  canvas.className = "map-on-photo-canvas";
  canvas.style.width = `${size}px`;
  canvas.setAttribute("role", explore ? "application" : "img");
  canvas.setAttribute(
    "aria-label",
    `${label} over the photo in grey: ${where}.` +
      (explore ? " Arrow keys move the cursor; the value is read out below." : "")
  );
  const resolution = Math.round(size * Math.max(1, Math.min(2, globalThis.devicePixelRatio || 1)));
  drawMapOverPhoto(canvas, data, resolution);
  const caption = document.createElement("figcaption");
  caption.textContent = explore ? `${label}: ${where}.` : label; // a small map's caption stays short; its canvas says where
  figure.append(canvas, caption);
  if (!explore) return figure;

  const readout = document.createElement("p");
  readout.className = "map-on-photo-readout";
  readout.setAttribute("aria-live", "polite");
  const base = document.createElement("canvas");
  base.width = canvas.width;
  base.height = canvas.height;
  base.getContext("2d")!.drawImage(canvas, 0, 0);
  let cursor = peak;
  const show = (i: number, frame: boolean) => {
    readout.textContent = `${place(i)}: ${format(map.values[i]!)}.`;
    const context = canvas.getContext("2d")!;
    context.drawImage(base, 0, 0);
    if (!frame) return;
    const cell = canvas.width / map.width;
    const [x, y] = [(i % map.width) * cell, Math.floor(i / map.width) * cell];
    context.lineWidth = 3;
    context.strokeStyle = "#000";
    context.strokeRect(x + 1.5, y + 1.5, cell - 3, cell - 3);
    context.lineWidth = 1.5;
    context.strokeStyle = "#fff";
    context.strokeRect(x + 1.5, y + 1.5, cell - 3, cell - 3);
  };
  canvas.tabIndex = 0;
  canvas.addEventListener("focus", () => show(cursor, true));
  canvas.addEventListener("blur", () => show(cursor, false));
  canvas.addEventListener("keydown", (event) => {
    const [row, col] = [Math.floor(cursor / map.width), cursor % map.width];
    const step = event.shiftKey ? 5 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowRight: [row, col + step],
      ArrowLeft: [row, col - step],
      ArrowDown: [row + step, col],
      ArrowUp: [row - step, col]
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
    cursor = clamp(move[0], map.height) * map.width + clamp(move[1], map.width);
    show(cursor, true);
  });
  canvas.addEventListener("pointermove", (event) => {
    const box = canvas.getBoundingClientRect();
    const col = Math.min(map.width - 1, Math.floor(((event.clientX - box.left) / box.width) * map.width));
    const row = Math.min(map.height - 1, Math.floor(((event.clientY - box.top) / box.height) * map.height));
    show(Math.max(0, row) * map.width + Math.max(0, col), false);
  });
  readout.textContent = `Point at the map (or focus it and use the arrow keys) to read a value. ${where[0]!.toUpperCase()}${where.slice(1)}.`;
  figure.append(readout);
  return figure;
}

/** Several channels of one stage, each over the photo at a small size, all on the stage's colour scale. */
export function ChannelsOnPhoto(
  photo: MapOverPhotoData["photo"],
  map: ActivationMap,
  channels: readonly {channel: number; label: string}[],
  {width = 640}: {width?: number} = {}
): HTMLElement {
  const root = document.createElement("div");
  root.className = "channels-on-photo";
  const size = Math.max(120, Math.min(168, Math.floor((width - 24) / 4)));
  root.style.setProperty("--map-size", `${size}px`);
  for (const {channel, label} of channels) {
    const figure = MapOnPhoto(
      {photo, map: {values: channelValues(map, channel), width: map.width, height: map.height}, top: map.max},
      {width: size, label}
    );
    figure.dataset.channel = String(channel);
    root.append(figure);
  }
  return root;
}
