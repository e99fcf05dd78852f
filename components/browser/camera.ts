// The reader's camera, as the lecture used it: `const camera = await tf.data.webcam(video)`, then
// `const frame = await camera.capture()` gives the current picture as pixels [height, width, 3], values 0–255.
// openCamera takes the same steps as tf.data.webcam (getUserMedia → <video> → tf.browser.fromPixels) itself, because
// tf.data.webcam rewrites getUserMedia's error by assigning to its read-only `message`: in strict code that assignment
// throws a TypeError instead, and the reason (no camera, permission refused) is lost. Here every failure is explained.
// The camera starts only when asked and stops when told (its light goes off).
import * as tf from "@tensorflow/tfjs-core";
import {errorMessage} from "../pipeline/errors.js";

export type CameraProblemKind = "insecure" | "unsupported" | "denied" | "missing" | "busy" | "failed";

/** Why the camera can't be used, worded for the reader: what happened and what to do. */
export class CameraProblem extends Error {
  override name = "CameraProblem";
  constructor(
    readonly kind: CameraProblemKind,
    message: string
  ) {
    super(message);
  }
}

/** How long to wait for the camera's first picture before giving up. */
const FIRST_PICTURE_TIMEOUT_MS = 10_000;

export interface Camera {
  /** The current picture as pixels [height, width, 3] int32 0–255. The caller disposes it. */
  capture(): Promise<tf.Tensor3D>;
  /** Stops the camera (every track), so the browser's camera light goes off. Safe to call twice. */
  stop(): void;
}

/** Starts the camera and shows it in `video`, asking for the size of the video's `width` and `height`. */
export async function openCamera(video: HTMLVideoElement): Promise<Camera> {
  if (!window.isSecureContext) {
    throw new CameraProblem(
      "insecure",
      "Browsers only let a page use the camera when it is served securely (https://, or http://localhost), and this page isn't. Open it at its https:// address, or choose a photo instead."
    );
  }
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CameraProblem(
      "unsupported",
      "This browser can't give web pages a camera. Try a current Chrome, Edge, Firefox or Safari, or choose a photo instead."
    );
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {facingMode: "user", width: {ideal: video.width || 640}, height: {ideal: video.height || 480}}
    });
  } catch (error) {
    throw explain(error);
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  try {
    video.muted = true; // no sound is asked for, and a muted video may play without a click
    video.playsInline = true; // on phones: play in the page, not full screen
    video.srcObject = stream;
    await video.play();
    await firstPicture(video);
  } catch (error) {
    stop();
    throw error instanceof CameraProblem ? error : explain(error);
  }
  return {
    async capture() {
      if (stopped || !stream.active) {
        throw new CameraProblem(
          "failed",
          "The camera is off (stopped here, unplugged, or turned off by the system). Press Start to turn it on again."
        );
      }
      return tf.browser.fromPixels(video);
    },
    stop
  };
}

async function firstPicture(video: HTMLVideoElement): Promise<void> {
  if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arrived = new Promise<boolean>((resolve) => {
    video.addEventListener("loadeddata", () => resolve(true), {once: true});
    timer = setTimeout(() => resolve(false), FIRST_PICTURE_TIMEOUT_MS);
  });
  const ok = await arrived;
  clearTimeout(timer);
  if (!ok)
    throw new CameraProblem(
      "busy",
      "The camera started but sent no picture. Close other apps that use it, then press Start again."
    );
}

/** getUserMedia's errors (a DOMException named after the cause) in the reader's words. */
export function explain(error: unknown): CameraProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return new CameraProblem(
        "denied",
        "The camera is blocked for this page. Allow it in your browser's site settings (the camera or lock icon in the address bar), then press Start again. Or choose a photo instead."
      );
    case "NotFoundError":
    case "OverconstrainedError":
      return new CameraProblem(
        "missing",
        "No camera was found. Connect one and press Start again, or choose a photo instead."
      );
    case "NotReadableError":
    case "AbortError":
      return new CameraProblem(
        "busy",
        "The camera is in use by another app, or stopped responding. Close the other app and press Start again."
      );
    default:
      return new CameraProblem(
        "failed",
        `The camera could not be started (${errorMessage(error)}). Reload the page and try again, or choose a photo instead.`
      );
  }
}
