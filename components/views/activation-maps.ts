// A stage's output for the reader's photo: every channel's map side by side on one canvas, on one shared colour scale,
// a readout of the value under the pointer (or, from the keyboard, of the picked channel), and the picked channel at
// full size over the photo. One view, so that picking a channel redraws only the big map, without a round trip through
// the page's cells.
import {channelSummaries, channelValues, standoutChannel, type ActivationMap, type Stage} from "../pipeline/stages.js";
import {regionName} from "../pipeline/occlusion.js";
import {ValuesTable} from "./chart-figure.js";
import {drawMapOverPhoto, HeatLegend, writeHeatColor, type MapOverPhotoData} from "./heat.js";
import {shapeText} from "../pipeline/format.js";

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
    option.textContent = stage.name; // its shape is in the maps' caption: a phone has no room for both
    option.title = shapeText(stage.shape);
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
  root.append(label, step("←", "Previous stage", -1), step("→", "Next stage", 1));
  Object.defineProperty(root, "value", {get: () => select.value});
  return root;
}

export interface ActivationMapsOptions {
  width?: number;
  /** The photo the model saw, to draw the picked channel over. */
  photo: MapOverPhotoData["photo"];
  /** The channel picked first (drawn over the photo); it is marked and keyboard focus starts on it. */
  channel?: number;
  /** What the maps are of, for the text ("cat.png"). */
  subject?: string;
}

/**
 * Every channel of `map` as a small map, side by side on one canvas (256 canvases took a frame or two to make), and
 * the picked one over the photo. The reader picks another with a click or the arrow keys. `.value` is the picked
 * channel.
 */
export function ActivationMaps(
  map: ActivationMap,
  {width = 640, photo, channel = 0, subject = "the photo"}: ActivationMapsOptions
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
  const caption = document.createElement("figcaption");
  caption.textContent = summary;

  // Tiles big enough to see, small enough that a stage fits in about a screenful.
  const space = Math.max(width, 280);
  const tile = Math.max(32, Math.min(112, Math.floor(Math.sqrt((space * 520) / channels))));
  const gap = 4;
  const columns = Math.max(1, Math.floor((space + gap) / (tile + gap)));
  const rows = Math.ceil(channels / columns);
  const ratio = Math.max(1, Math.min(2, Math.round(globalThis.devicePixelRatio || 1)));
  const grid = document.createElement("canvas");
  grid.className = "activation-grid";
  grid.width = (columns * (tile + gap) - gap) * ratio;
  grid.height = (rows * (tile + gap) - gap) * ratio;
  grid.style.width = `${grid.width / ratio}px`;
  Object.assign(grid.dataset, {tile: String(tile), gap: String(gap), columns: String(columns)});
  grid.tabIndex = 0;
  grid.setAttribute("role", "application");
  grid.setAttribute("aria-roledescription", "grid of maps");
  grid.setAttribute(
    "aria-label",
    `The ${channels} channel maps of ${map.stage}. The arrow keys pick a channel (up and down: a row of ${columns}), ` +
      "which is drawn over the photo below; each channel's numbers are read out."
  );
  const context = grid.getContext("2d")!;
  // Every map at its own size in one image, laid out as the grid is, then each scaled into its tile: one putImageData
  // for the stage, not one per channel (each of those made the canvas flush before the next drawImage).
  const atlas = document.createElement("canvas");
  atlas.width = mapWidth * columns;
  atlas.height = height * rows;
  const pixels = new ImageData(atlas.width, atlas.height);
  for (let c = 0; c < channels; c++) {
    const [left, top] = [(c % columns) * mapWidth, Math.floor(c / columns) * height];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < mapWidth; x++) {
        const value = map.values[(y * mapWidth + x) * channels + c]!;
        writeHeatColor(pixels.data, ((top + y) * atlas.width + left + x) * 4, value / (max || 1));
      }
    }
  }
  atlas.getContext("2d")!.putImageData(pixels, 0, 0);
  const corner = (c: number): [number, number] => [
    (c % columns) * (tile + gap) * ratio,
    Math.floor(c / columns) * (tile + gap) * ratio
  ];
  const draw = (picked: number) => {
    context.clearRect(0, 0, grid.width, grid.height);
    context.imageSmoothingEnabled = false;
    context.font = `${9 * ratio}px ui-sans-serif, system-ui, sans-serif`;
    context.textBaseline = "top";
    for (let c = 0; c < channels; c++) {
      const [x, y] = corner(c);
      const [left, top] = [(c % columns) * mapWidth, Math.floor(c / columns) * height];
      context.drawImage(atlas, left, top, mapWidth, height, x, y, tile * ratio, tile * ratio);
      if (tile >= 40) {
        const label = String(c);
        context.fillStyle = "rgba(0, 0, 0, 0.55)";
        context.fillRect(x, y, context.measureText(label).width + 4 * ratio, 12 * ratio);
        context.fillStyle = "#fff";
        context.fillText(label, x + 2 * ratio, y + 1.5 * ratio);
      }
    }
    // The picked channel: a white frame inside a black one, visible on any colour.
    const [x, y] = corner(picked);
    context.lineWidth = 2 * ratio;
    context.strokeStyle = "#000";
    context.strokeRect(x + ratio, y + ratio, (tile - 2) * ratio, (tile - 2) * ratio);
    context.lineWidth = ratio;
    context.strokeStyle = "#fff";
    context.strokeRect(x + 2.5 * ratio, y + 2.5 * ratio, (tile - 5) * ratio, (tile - 5) * ratio);
  };

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
    "Point at a map to read its values; click one (or use the arrow keys) to see it over the photo.";

  const picked = document.createElement("div");
  picked.className = "activation-picked";
  function pick(next: number) {
    root.value = next;
    draw(next);
    picked.replaceChildren(
      MapOnPhoto(
        {photo, map: {values: channelValues(map, next), width: mapWidth, height}, top: max},
        {width, label: `Channel ${next} of ${map.stage}`, explore: true}
      )
    );
  }
  pick(channel);

  /** The channel and the map position under a pointer event, or null between tiles. */
  const under = (event: MouseEvent) => {
    const box = grid.getBoundingClientRect();
    const [x, y] = [event.clientX - box.left, event.clientY - box.top].map((v) => (v * grid.width) / ratio / box.width);
    const [col, row] = [Math.floor(x! / (tile + gap)), Math.floor(y! / (tile + gap))];
    const [inX, inY] = [x! - col * (tile + gap), y! - row * (tile + gap)];
    const c = row * columns + col;
    if (col >= columns || c >= channels || inX >= tile || inY >= tile) return null;
    return {channel: c, row: Math.floor((inY / tile) * height), col: Math.floor((inX / tile) * mapWidth)};
  };
  grid.addEventListener("pointermove", (event) => {
    const at = under(event);
    if (!at) return;
    const value = map.values[(at.row * mapWidth + at.col) * channels + at.channel]!;
    readout.textContent = `Channel ${at.channel}, ${placeText(at.row, at.col, height)}: ${activationText(value)}.`;
  });
  grid.addEventListener("click", (event) => {
    const at = under(event);
    if (at) pick(at.channel);
  });
  grid.addEventListener("focus", () => (readout.textContent = describe(root.value)));
  grid.addEventListener("keydown", (event) => {
    const current = root.value;
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
    pick(Math.max(0, Math.min(channels - 1, target)));
    readout.textContent = describe(root.value);
  });

  root.append(
    caption,
    HeatLegend(`Value (one scale for all ${channels} maps)`, activationText(max)),
    grid,
    readout,
    LazyValuesTable(
      `Each channel's strongest value, where it is, and its mean (${channels} rows)`,
      ["Channel", "Strongest", "Row", "Column", "Mean"],
      () => summaries.map((s) => [s.channel, activationText(s.max), s.row + 1, s.col + 1, activationText(s.mean)])
    ),
    picked
  );
  return root;
}

/**
 * A stage picker and that stage's maps (ActivationMaps, starting on its standout channel). Switching stages happens
 * inside the view, without re-running the page's cells: the maps are all read already, so a switch is only drawing.
 */
export function StageMaps(
  maps: readonly ActivationMap[],
  stages: readonly Stage[],
  options: {stage: string; photo: MapOverPhotoData["photo"]; width?: number; subject?: string}
): HTMLElement {
  const root = document.createElement("div");
  root.className = "stage-maps";
  const picker = StagePicker(
    stages.filter((s) => maps.some((m) => m.stage === s.name)),
    options.stage
  );
  const holder = document.createElement("div");
  root.append(picker, holder); // the picker stays put (and keeps the focus) while the maps change
  const show = () => {
    const map = maps.find((m) => m.stage === picker.value);
    if (!map) throw new Error(`No maps were read for the stage ${picker.value}.`);
    const channel = standoutChannel(channelSummaries(map));
    holder.replaceChildren(ActivationMaps(map, {...options, channel}));
  };
  picker.addEventListener("input", show);
  show();
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
  // (Framework's width can be 0 for a moment while the page lays out: a canvas needs at least a pixel.)
  const size = Math.max(96, Math.min(width, 448));
  figure.style.width = `${size}px`;
  const canvas = document.createElement("canvas");
  canvas.className = "map-on-photo-canvas";
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

/** A ValuesTable whose rows are made when the reader opens it: a stage has up to 256 channels to list. */
function LazyValuesTable(summary: string, head: string[], rows: () => (string | number)[][]): HTMLDetailsElement {
  const details = ValuesTable(summary, head, []);
  const fill = () => {
    const body = details.querySelector("tbody")!;
    for (const row of rows()) {
      const tr = body.insertRow();
      for (const cell of row) tr.insertCell().textContent = String(cell);
    }
  };
  details.addEventListener("toggle", fill, {once: true});
  return details;
}
