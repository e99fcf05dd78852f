// Which Chromium the browser tests, screenshots and bench drive: the one named by CHROMIUM_PATH, else a Chrome,
// Chromium or Edge installed at its usual place, else the headless Chromium inside the @sparticuz/chromium package
// (Linux x64). A path only counts if the browser there starts and says its version. Nothing is ever downloaded.
import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";
import {join} from "node:path";

export interface FoundChromium {
  path: string;
  /** Where it was found: "CHROMIUM_PATH", "installed" or "npm". */
  source: "CHROMIUM_PATH" | "installed" | "npm";
  version: string;
}

/** The usual install paths of Chrome, Chromium and Edge on Linux, macOS and Windows. */
export function installedBrowserPaths(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env
): string[] {
  if (platform === "darwin") {
    return ["Google Chrome", "Chromium", "Microsoft Edge"].map(
      (app) => `/Applications/${app}.app/Contents/MacOS/${app}`
    );
  }
  if (platform === "win32") {
    const roots = [env["PROGRAMFILES"], env["PROGRAMFILES(X86)"], env["LOCALAPPDATA"]].filter(Boolean) as string[];
    const apps = ["Google\\Chrome\\Application\\chrome.exe", "Chromium\\Application\\chrome.exe"];
    const edge = "Microsoft\\Edge\\Application\\msedge.exe";
    return roots.flatMap((root) => [...apps, edge].map((app) => join(root, app)));
  }
  return [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/snap/bin/chromium",
    "/usr/bin/microsoft-edge"
  ];
}

/** The browser's version line if it starts at `path`, or null if it doesn't (missing, not executable, broken). */
export function browserVersion(path: string): string | null {
  if (!existsSync(path)) return null;
  const run = spawnSync(path, ["--version", "--headless", "--no-sandbox"], {encoding: "utf8", timeout: 20_000});
  const version = run.status === 0 ? run.stdout.trim() : "";
  return version || null;
}

/** The headless Chromium shipped in @sparticuz/chromium, unpacked on first use; null where it isn't installed. */
async function npmChromium(): Promise<string | null> {
  if (process.platform !== "linux" || process.arch !== "x64") return null;
  try {
    const {default: packaged} = await import("@sparticuz/chromium");
    return await packaged.executablePath();
  } catch {
    return null;
  }
}

let found: Promise<FoundChromium> | undefined;

/** The first Chromium that runs, in the order above; throws with what to do when there is none. */
export function findChromium(): Promise<FoundChromium> {
  found ??= search();
  return found;
}

async function search(): Promise<FoundChromium> {
  const tried: string[] = [];
  const named = process.env["CHROMIUM_PATH"];
  if (named) {
    const version = browserVersion(named);
    if (version) return {path: named, source: "CHROMIUM_PATH", version};
    tried.push(`CHROMIUM_PATH=${named} (does not start)`);
  }
  if (process.env["CHROMIUM_NPM_ONLY"] !== "1") {
    for (const path of installedBrowserPaths()) {
      const version = browserVersion(path);
      if (version) return {path, source: "installed", version};
    }
    tried.push("the usual install paths of Chrome, Chromium and Edge");
  }
  const packaged = await npmChromium();
  const version = packaged ? browserVersion(packaged) : null;
  if (packaged && version) return {path: packaged, source: "npm", version};
  tried.push("the @sparticuz/chromium package (Linux x64 only)");
  throw new Error(
    `No Chromium to run the browser tests. Tried ${tried.join("; ")}. ` +
      "Run `npm install` (it brings @sparticuz/chromium on Linux x64), or install Chrome or Chromium, " +
      "or set CHROMIUM_PATH to a browser that runs."
  );
}
