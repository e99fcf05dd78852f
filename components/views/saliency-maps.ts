// Gradient saliency beside the occlusion map: vanilla and SmoothGrad maps over the photo, each with the time it took.
import {regionName} from "../pipeline/occlusion.js";
import {saliencyShares, type SaliencyMap} from "../pipeline/saliency.js";
import {HeatLegend} from "./heat.js";
import {MapOnPhoto} from "./activation-maps.js";
import {powerOfTenText, shareText} from "../pipeline/format.js";

export interface SaliencyResult {
  map: SaliencyMap;
  /** Milliseconds from the call until its numbers could be read. */
  ms: number;
  /** How many gradients went into it (1 for vanilla). */
  samples: number;
}

export interface SaliencyMapsData {
  /** The photo the model saw: [224, 224, 3] values 0–255, row by row. */
  photo: {pixels: ArrayLike<number>; width: number; height: number};
  vanilla: SaliencyResult;
  smooth?: SaliencyResult;
  /** The class whose logit was differentiated. */
  label: string;
}

const GRID = 7;

/** Where a map's weight lies, in words: the square of a 7 × 7 grid that holds the largest share of it. */
function heaviest(map: SaliencyMap): string {
  const shares = saliencyShares(map, GRID);
  let best = 0;
  for (let i = 1; i < shares.length; i++) if (shares[i]! > shares[best]!) best = i;
  const [row, col] = [Math.floor(best / GRID), best % GRID];
  return `its largest share in the ${regionName(row, col, GRID)} (row ${row + 1}, column ${col + 1} of a ${GRID} × ${GRID} grid: ${shareText(shares[best]!)} of the total, where an even spread gives each square ${shareText(1 / (GRID * GRID))})`;
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

export function SaliencyMaps(data: SaliencyMapsData, {width = 640}: {width?: number} = {}): HTMLElement {
  const {photo, vanilla, smooth, label} = data;
  const root = document.createElement("figure");
  root.className = "saliency-maps";
  root.dataset.vanillaMs = String(Math.round(vanilla.ms));
  if (smooth) root.dataset.smoothMs = String(Math.round(smooth.ms));
  const size = Math.max(150, Math.min(300, Math.floor((width - 16) / 2)));
  const panel = (title: string, result: SaliencyResult) =>
    MapOnPhoto(
      {photo, map: result.map, top: result.map.top},
      {
        width: size,
        label: `${title}, ${seconds(result.ms)}${result.samples > 1 ? ` for ${result.samples} gradients` : ""}`,
        format: (v) => powerOfTenText(v)
      }
    );
  const maps = document.createElement("div");
  maps.className = "saliency-pair";
  maps.append(panel("Vanilla gradient", vanilla));
  if (smooth) maps.append(panel("SmoothGrad", smooth));
  const caption = document.createElement("figcaption");
  caption.textContent =
    `How strongly the logit of “${label}” responds to each pixel: the vanilla gradient has ${heaviest(vanilla.map)}` +
    (smooth ? `; SmoothGrad has ${heaviest(smooth.map)}.` : ". SmoothGrad is still running.") +
    " The colours top out at each map's 99th percentile: the brightest 1% of its pixels all get the top colour, so a" +
    " few extreme ones don't leave the rest dark.";
  root.append(caption, HeatLegend("|gradient|, largest of the three colours", "99th percentile", {bottom: "0"}), maps);
  return root;
}
