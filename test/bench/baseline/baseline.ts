// The least a page can do to show MobileNet's top 3 for a photo: tfjs + its WASM backend, the site's own model and
// photo files, no framework. The bench compares the lesson's home page against it (time to first prediction, JS
// bytes). Bundled by esbuild at bench time; the file URLs come from the page (see page.ts).
import * as tf from "@tensorflow/tfjs";
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js";
import {IMAGENET_CLASSES} from "@tensorflow-models/mobilenet/dist/imagenet_classes.js";
import {readBaselineFiles} from "./page.js";
import {errorMessage} from "../../../components/pipeline/errors.js";

const files = readBaselineFiles();

async function loadPhoto(url: string): Promise<HTMLCanvasElement> {
  const bitmap = await createImageBitmap(await (await fetch(url)).blob(), {imageOrientation: "from-image"});
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext("2d", {willReadFrequently: true})!;
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas;
}

async function main(): Promise<void> {
  setWasmPaths(files.wasm);
  const backendReady = tf.setBackend("wasm").then(() => tf.ready());
  const photo = loadPhoto(files.photo);
  await backendReady;
  // The model's JSON names one weights file, "weights.bin"; the site serves it under a hashed name.
  const model = await tf.loadGraphModel(files.modelJson, {weightUrlConverter: async () => files.modelWeights});
  const canvas = await photo;
  // The TF-Hub MobileNet takes [n, 224, 224, 3] in [0, 1] and answers 1001 logits, column 0 being "background".
  const probabilities = tf.tidy(() => {
    const pixels = tf.browser.fromPixels(canvas, 3).toFloat().div(255) as tf.Tensor3D;
    const input = tf.image.resizeBilinear(pixels, [224, 224], true).expandDims(0);
    const logits = (model.predict(input) as tf.Tensor2D).slice([0, 1], [-1, 1000]);
    return tf.softmax(logits);
  });
  const values = await probabilities.data();
  probabilities.dispose();
  const top = Array.from(values.keys())
    .sort((a, b) => values[b]! - values[a]!)
    .slice(0, 3);
  const list = document.createElement("ol");
  list.className = "top-classes";
  for (const index of top) {
    const item = document.createElement("li");
    item.textContent = `${(IMAGENET_CLASSES as Record<number, string>)[index]} ${(values[index]! * 100).toFixed(1)}%`;
    list.append(item);
  }
  document.body.append(list);
}

main().catch((error: unknown) => {
  document.body.append(`Error: ${errorMessage(error)}`);
  console.error(error);
});
