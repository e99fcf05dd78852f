// The "Camera" page in Chromium. With Chromium's fake camera (and its permission prompt auto-accepted) a picture is
// taken and classified, and can become the reader's image on the other pages. Without permission, without a camera,
// or outside a secure context, the page says so in words. The camera starts only on a press and stops on Stop.
import type {Browser, BrowserContext} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {IMAGENET_CLASSES} from "../../components/pipeline/classes.js";
import {seriousViolations} from "../helpers/axe.js";
import {foreignRequests, launchChromium, openPage} from "../helpers/browser.js";
import {serveSite} from "../helpers/site.js";
import type {StaticServer} from "../helpers/static-server.js";

const FAKE_CAMERA = "--use-fake-device-for-media-stream"; // a generated test picture instead of a real camera
const ALLOW_CAMERA = "--use-fake-ui-for-media-stream"; // accepts the permission prompt

let server: StaticServer;
beforeAll(async () => {
  server = await serveSite();
});
afterAll(async () => {
  await server?.close();
});

/** A Chromium with `args` for the tests inside `describe`, closed after them. */
function withChromium(args: string[]): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium(args);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

describe("with a camera the reader allows", () => {
  const browser = withChromium([FAKE_CAMERA, ALLOW_CAMERA]);

  test("a picture from the fake camera is classified, and can become the reader's image", async () => {
    const {page, requests, errors} = await openPage(browser(), `${server.url}/explore/camera`);
    const video = page.locator("video.camera-video");
    await page.getByRole("button", {name: "Start the camera"}).waitFor({timeout: 30_000});
    // Nothing starts on its own.
    expect(await video.evaluate((v: HTMLVideoElement) => v.srcObject)).toBeNull();
    expect(await page.getByRole("button", {name: "Take a new picture"}).isDisabled()).toBe(true);

    await page.getByRole("button", {name: "Start the camera"}).click();
    const items = page.locator(".camera-result .top-classes li");
    await expect.poll(() => items.count(), {timeout: 60_000}).toBe(5);
    const known = new Set(IMAGENET_CLASSES.map((c) => c.label));
    for (const label of await page.locator(".camera-result .top-classes-label").allTextContents())
      expect(known.has(label)).toBe(true);
    const values = (await page.locator(".camera-result .top-classes-value").allTextContents()).map((text) =>
      parseFloat(text)
    );
    expect(values[0]).toBeGreaterThanOrEqual(values[1]!);
    // The picture the model saw, at the camera's size (the fake camera sends 640 × 480).
    const size = await page.locator(".camera-snapshot").evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    expect(size).toEqual([640, 480]);
    expect(await video.evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream | null)?.active)).toBe(true);

    // Another picture on demand.
    const before = await page.locator(".camera-snapshot").evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await page.getByRole("button", {name: "Take a new picture"}).click();
    await expect
      .poll(() => page.locator(".camera-snapshot").evaluate((c: HTMLCanvasElement) => c.toDataURL()), {timeout: 30_000})
      .not.toBe(before); // the fake camera's picture moves

    expect(await seriousViolations(page)).toEqual([]);

    // Use it as my image: saved like an upload, so the home page shows it.
    await page.getByRole("button", {name: "Use this picture as my image"}).click();
    await expect
      .poll(() => page.locator(".camera-kept").textContent(), {timeout: 30_000})
      .toMatch(/^Saved as “camera .*\.png”/);

    // Stop: every track ends, the picture and answer stay.
    const stream = await video.evaluateHandle((v: HTMLVideoElement) => v.srcObject as MediaStream);
    await page.getByRole("button", {name: "Stop the camera"}).click();
    await expect.poll(() => stream.evaluate((s) => s.getTracks().every((t) => t.readyState === "ended"))).toBe(true);
    expect(await video.evaluate((v: HTMLVideoElement) => v.srcObject)).toBeNull();
    expect(await items.count()).toBe(5);

    await page.goto(`${server.url}/`);
    await expect
      .poll(() => page.locator(".image-picker-current").textContent(), {timeout: 60_000})
      .toMatch(/^Chosen: camera .*\.png$/);
    await expect.poll(() => page.locator(".top-classes li").count(), {timeout: 60_000}).toBe(3);

    expect(errors).toEqual([]);
    expect(foreignRequests(requests)).toEqual([]);
  });
});

describe("without the reader's permission", () => {
  const browser = withChromium([FAKE_CAMERA]);

  test("pressing Start explains that the camera is blocked and how to allow it", async () => {
    // The browser's answer when the reader presses "Block" (a headless shell can't show the prompt, and answers
    // "Not supported" whatever its flags, so the answer is given here as a browser gives it).
    const blocked = () => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
    };
    const {page, requests, errors} = await openPage(browser(), `${server.url}/explore/camera`, {initScript: blocked});
    await page.getByRole("button", {name: "Start the camera"}).click();
    const panel = page.locator(".panel-error");
    await panel.waitFor({timeout: 30_000});
    expect(await panel.textContent()).toMatch(/The camera can't be used.*blocked for this page.*Allow it/s);
    expect(await page.locator(".camera-status").textContent()).toBe("The camera is off.");
    expect(await page.getByRole("button", {name: "Start the camera"}).isVisible()).toBe(true); // ready to try again
    expect(await page.locator(".camera-result").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(foreignRequests(requests)).toEqual([]);
  });

  test("outside a secure context the page says why before asking for the camera", async () => {
    const context: BrowserContext = await browser().newContext();
    // 127.0.0.1 is a secure context; this makes the page believe it is not (as on a plain http:// address).
    await context.addInitScript(() => Object.defineProperty(window, "isSecureContext", {value: false}));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
    await page.goto(`${server.url}/explore/camera`);
    await page.getByRole("button", {name: "Start the camera"}).click();
    await expect
      .poll(() => page.locator(".panel-error").textContent(), {timeout: 30_000})
      .toMatch(/served securely.*https:\/\//s);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("without a camera", () => {
  const browser = withChromium([ALLOW_CAMERA]); // permission granted, but no device

  test("pressing Start says no camera was found", async () => {
    const {page, errors} = await openPage(browser(), `${server.url}/explore/camera`);
    await page.getByRole("button", {name: "Start the camera"}).click();
    await expect
      .poll(() => page.locator(".panel-error").textContent(), {timeout: 30_000})
      .toMatch(/No camera was found/);
    expect(errors).toEqual([]);
  });
});
