// The camera's live view with a Start/Stop button and a line saying what it is doing. The page opens the camera
// (components/browser/camera.ts) when `power` is switched on, and reports back with `show`.
import {ToggleButton} from "./toggle-button.js";

export interface CameraBox extends HTMLElement {
  video: HTMLVideoElement;
  power: ToggleButton;
  /** The camera is on (true), off (false), or could not start (false, with the reason shown by the page). */
  show(on: boolean, problem?: boolean): void;
}

export function CameraBox({width = 320, height = 240}: {width?: number; height?: number} = {}): CameraBox {
  const root = document.createElement("div") as unknown as CameraBox;
  root.className = "camera-box";
  const video = document.createElement("video");
  Object.assign(video, {width, height, muted: true, playsInline: true, hidden: true});
  video.className = "camera-video";
  video.setAttribute("aria-label", "What your camera sees, live");
  const power = ToggleButton({off: "Start the camera", on: "Stop the camera"});
  const status = document.createElement("p");
  status.className = "status camera-status";
  status.setAttribute("aria-live", "polite");
  root.append(video, power, status);
  root.video = video;
  root.power = power;
  root.show = (on, problem = false) => {
    video.hidden = !on;
    if (!on) power.set(false);
    status.textContent = on
      ? "The camera is on: “Take a picture” adds what it sees to that class."
      : problem
        ? "The camera is off."
        : "The camera is off. When you press Start, your browser may ask whether this page can use it. Pictures stay in your browser.";
  };
  root.show(false);
  return root;
}
