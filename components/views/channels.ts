// An RGB image taken apart: its red, green and blue channels side by side, each drawn in grey (white = 255, black = 0),
// because each channel is just one number per pixel.

export interface ChannelData {
  width: number;
  height: number;
  /** width × height × 3 values 0–255, row by row. */
  rgb: ArrayLike<number>;
}

const CHANNELS = [
  {key: "R", name: "red", color: "#e03131"},
  {key: "G", name: "green", color: "#2f9e44"},
  {key: "B", name: "blue", color: "#1c7ed6"}
] as const;

export function ChannelImages(
  {width, height, rgb}: ChannelData,
  {width: space = 640}: {width?: number} = {}
): HTMLElement {
  if (rgb.length !== width * height * 3)
    throw new Error(`ChannelImages needs ${width * height * 3} values, got ${rgb.length}.`);
  const root = document.createElement("div");
  root.className = "channel-images";
  // Three across whenever each can be at least ~100 px wide; never wider than the image is useful.
  const side = Math.min(width * 1.25, Math.floor((space - 2 * 12) / 3));
  root.style.setProperty("--channel-size", `${Math.max(side, 90)}px`);
  CHANNELS.forEach(({key, name, color}, c) => {
    const figure = document.createElement("figure");
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    canvas.setAttribute("role", "img");
    canvas.setAttribute(
      "aria-label",
      `The ${name} channel (${key}) of the ${width} × ${height} image in grey: white where ${key} is 255, black where it is 0.`
    );
    const image = new ImageData(width, height);
    for (let i = c, j = 0; j < image.data.length; i += 3, j += 4) {
      const v = rgb[i]!;
      image.data[j] = v;
      image.data[j + 1] = v;
      image.data[j + 2] = v;
      image.data[j + 3] = 255;
    }
    canvas.getContext("2d")!.putImageData(image, 0, 0);
    const caption = document.createElement("figcaption");
    const swatch = document.createElement("span");
    swatch.className = "channel-swatch";
    swatch.style.background = color;
    swatch.setAttribute("aria-hidden", "true");
    const strong = document.createElement("strong");
    strong.textContent = `${key}`;
    caption.append(swatch, strong, ` (${name}): light where the photo has much ${name}`);
    figure.append(canvas, caption);
    root.append(figure);
  });
  return root;
}
