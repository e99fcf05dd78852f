// Look at a page as a reader does: `npx tsx test/helpers/screenshot.ts /path out.png [--dark] [--width 390]
// [--wait "css selector"] [--base http://127.0.0.1:3001]` opens the page in Chromium and writes a full-page PNG. It serves
// dist/ on 127.0.0.1 unless --base names a running server (e.g. `npm run dev -- --port 3001`).
import {parseArgs} from "node:util";
import {launchChromium, openPage} from "./browser.js";
import {serveSite} from "./site.js";

const {positionals, values} = parseArgs({
  allowPositionals: true,
  options: {
    dark: {type: "boolean"},
    width: {type: "string", default: "1280"},
    wait: {type: "string"},
    base: {type: "string"}
  }
});
const [path = "/", out = "screenshot.png"] = positionals;
const server = values.base ? undefined : await serveSite();
const browser = await launchChromium();
try {
  const {page, errors} = await openPage(browser, (values.base ?? server!.url) + path, {
    colorScheme: values.dark ? "dark" : "light",
    viewport: {width: Number(values.width), height: 900}
  });
  if (values.wait) await page.locator(values.wait).first().waitFor({timeout: 60_000});
  await page.waitForTimeout(1500);
  await page.screenshot({path: out, fullPage: true});
  console.log(`${out}${errors.length ? `; console errors: ${errors.join(" | ")}` : ""}`);
} finally {
  await browser.close();
  await server?.close();
}
