// The conditions the browser bench loads pages under: this machine as it is, and a phone on 4G (a slower network and a
// slower CPU), emulated through a Chrome DevTools Protocol session on each page. A check loads a 1 MB file and runs a
// fixed computation under the profile, so a Chromium that ignored the emulation would be seen, not silently measured.
import {randomBytes} from "node:crypto";
import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {round} from "./stats.js";

export interface NetworkProfile {
  name: string;
  /** Download and upload limits in bits per second; none when unthrottled. */
  downloadBitsPerSecond?: number;
  uploadBitsPerSecond?: number;
  /** Added to every request, from sent to response headers (ms): the round trip. */
  rttMs?: number;
  /** How many times slower the page's CPU runs (1: as fast as this machine). */
  cpuSlowdown: number;
}

export const UNTHROTTLED: NetworkProfile = {name: "unthrottled", cpuSlowdown: 1};

/** Issue #18's phone: 10 Mbit/s down, 40 ms round trip, a CPU 4× slower than this machine's. */
export const PHONE_4G: NetworkProfile = {
  name: "phone on 4G",
  downloadBitsPerSecond: 10e6,
  uploadBitsPerSecond: 5e6,
  rttMs: 40,
  cpuSlowdown: 4
};

export const PROFILES: readonly NetworkProfile[] = [UNTHROTTLED, PHONE_4G];

/** "10 Mbit/s down, 40 ms round trip, CPU 4× slower", or "no throttling". */
export function describeProfile(profile: NetworkProfile): string {
  const parts = [
    profile.downloadBitsPerSecond && `${profile.downloadBitsPerSecond / 1e6} Mbit/s down`,
    profile.uploadBitsPerSecond && `${profile.uploadBitsPerSecond / 1e6} Mbit/s up`,
    profile.rttMs && `${profile.rttMs} ms round trip`,
    profile.cpuSlowdown > 1 && `CPU ${profile.cpuSlowdown}× slower`
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "no throttling";
}

export function isThrottled(profile: NetworkProfile): boolean {
  return profile.downloadBitsPerSecond !== undefined || profile.rttMs !== undefined || profile.cpuSlowdown > 1;
}

/** Emulates `profile` on `page` (before its first navigation; it holds for the page's later navigations too). */
export async function applyProfile(page: Page, profile: NetworkProfile): Promise<void> {
  if (!isThrottled(profile)) return;
  const session = await page.context().newCDPSession(page);
  await session.send("Network.enable");
  await session.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: profile.rttMs ?? 0,
    // The protocol counts bytes per second; -1 is no limit.
    downloadThroughput: profile.downloadBitsPerSecond ? profile.downloadBitsPerSecond / 8 : -1,
    uploadThroughput: profile.uploadBitsPerSecond ? profile.uploadBitsPerSecond / 8 : -1
  });
  await throttleCpu(page, profile.cpuSlowdown);
}

/** Slows `page`'s CPU `rate` times (1: no slowdown), e.g. after it has loaded, to time interaction alone. */
export async function throttleCpu(page: Page, rate: number): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send("Emulation.setCPUThrottlingRate", {rate});
}

/** The size of the file the check downloads: 1 MB. */
export const CHECK_FILE_BYTES = 2 ** 20;

/** Writes the check's page and file into the bench's folder, which the bench serves under /__bench/. */
export async function writeCheckFiles(benchDir: string): Promise<void> {
  await mkdir(join(benchDir, "throttle-check"), {recursive: true});
  await writeFile(join(benchDir, "throttle-check", "index.html"), "<!DOCTYPE html><title>Throttling check</title>\n");
  await writeFile(join(benchDir, "throttle-check", "1mb.bin"), randomBytes(CHECK_FILE_BYTES));
}

export interface ProfileCheck {
  profile: string;
  /** A 1 MB file (random bytes, so no compression helps), fetched under the profile, after a reload, past any cache (ms). */
  oneMegabyteMs: number;
  /** The least time the profile allows for it: its bits at the download rate, plus one round trip (ms). */
  oneMegabyteExpectedMs: number;
  /** A fixed computation under the profile (after a reload), over the same without it, in the same tab. */
  cpuSlowdownMeasured: number;
  /**
   * The download took at least 90 % of the profile's time (for 1 MB at 10 Mbit/s: 0.79 s) and the computation was
   * slowed at least half as much as the profile says: the emulation applies. On a busy machine the slowdown measured
   * falls short of the profile's (the other processes slow the unthrottled run too, and Chromium's throttle is not exact).
   */
  applies: boolean;
}

/** The least time `profile` allows for `bytes` (ms); 0 when unthrottled. */
export function expectedTransferMs(profile: NetworkProfile, bytes: number): number {
  const transfer = profile.downloadBitsPerSecond ? ((bytes * 8) / profile.downloadBitsPerSecond) * 1000 : 0;
  return transfer + (profile.rttMs ?? 0);
}

/**
 * Measures, in the check page on `origin` (see writeCheckFiles) under `profile`, a download of its CHECK_FILE_BYTES of
 * random bytes and a fixed computation against the same computation unthrottled.
 */
export async function checkProfile(browser: Browser, origin: string, profile: NetworkProfile): Promise<ProfileCheck> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const checkPage = `${origin}/__bench/throttle-check/`;
    await page.goto(checkPage);
    // A computation the JIT cannot skip, about a second here (Chromium's throttling is erratic over shorter spans),
    // best of two. The profile is applied, then the page loaded again: a warm load must keep it.
    const busy = () =>
      page.evaluate(() => {
        const start = performance.now();
        let hash = 0;
        for (let i = 0; i < 40_000_000; i++) hash = (hash * 31 + i) | 0;
        return performance.now() - start + (hash === 42 ? 1e-9 : 0);
      });
    const fast = Math.min(await busy(), await busy());
    await applyProfile(page, profile);
    await page.goto(checkPage);
    const slow = Math.min(await busy(), await busy());
    const oneMegabyteMs = await page.evaluate(async (url) => {
      const start = performance.now();
      const body = await (await fetch(url, {cache: "no-store"})).arrayBuffer();
      if (body.byteLength === 0) throw new Error(`${url} came back empty`);
      return performance.now() - start;
    }, `${checkPage}1mb.bin`);
    const oneMegabyteExpectedMs = expectedTransferMs(profile, CHECK_FILE_BYTES);
    const cpuSlowdownMeasured = slow / fast;
    return {
      profile: profile.name,
      oneMegabyteMs: round(oneMegabyteMs, 0),
      oneMegabyteExpectedMs: round(oneMegabyteExpectedMs, 0),
      cpuSlowdownMeasured: round(cpuSlowdownMeasured, 2),
      applies: oneMegabyteMs >= 0.9 * oneMegabyteExpectedMs && cpuSlowdownMeasured >= 0.5 * profile.cpuSlowdown
    };
  } finally {
    await context.close();
  }
}
