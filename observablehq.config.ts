// Observable Framework configuration: https://observablehq.com/framework/config
import {editableCellsPlugin} from "./scripts/editable-cells.js";

export default {
  root: "src",
  title: "MobileNet: inputs and outputs",
  pages: [
    {name: "1. The app you built", path: "/"},
    {name: "2. 1000 things it knows", path: "/classes"},
    {name: "3. Inputs: an image is numbers", path: "/inputs"},
    {name: "4. Outputs: logits", path: "/logits"},
    {name: "5. Cat or dog?", path: "/cat-or-dog"},
    {name: "6. Softmax", path: "/softmax"},
    {name: "7. What we learned", path: "/learned"},
    {
      name: "Going further",
      open: true,
      pages: [
        {name: "Inside MobileNet", path: "/further/inside"},
        {name: "Where a logit comes from", path: "/further/logit"},
        {name: "Your own classes", path: "/further/your-classes"}
      ]
    },
    {
      name: "Experiments",
      open: true,
      pages: [
        {name: "Logits vs probabilities", path: "/explore/temperature"},
        {name: "Tweak the code", path: "/explore/playground"},
        {name: "Change the image", path: "/explore/perturb"},
        {name: "What the model looks at", path: "/explore/looks-at"},
        {name: "Small model vs bigger model", path: "/explore/models"},
        {name: "Camera", path: "/explore/camera"},
        {name: "Preprocessing changes the answer", path: "/explore/preprocessing"},
        {name: "Categories add up", path: "/explore/categories"},
        {name: "None of the above", path: "/explore/none-of-these"}
      ]
    }
  ],
  pager: true,
  toc: true,
  search: false,
  style: "style.css",
  // The default theme adds a Google Fonts stylesheet: a third-party request that fails offline and leaks the visit.
  globalStylesheets: [],
  // An inline icon: without one, browsers ask the server for /favicon.ico and log a 404.
  // The Content-Security-Policy lets pages load only this site's own files: nothing from other origins, no plugins.
  // 'wasm-unsafe-eval' lets tfjs compile its WebAssembly backend; data: and blob: serve the icon and images drawn from
  // files. On a host that makes pages cross-origin isolated (COOP + COEP headers), tfjs runs WebAssembly on several
  // threads: workers that start from, and load, blob: scripts tfjs makes of its own code (worker-src and script-src
  // blob:; only script already running on this site can make a blob: URL). The code cells' worker starts from a blob:
  // URL too, so that it inherits this policy (a worker from a plain URL gets only the policy its response headers set).
  // This is the policy of the preview server: it keeps 'unsafe-inline' because Framework writes each page's cells as
  // inline scripts, and preview applies edits with eval() ('unsafe-eval'). The build replaces it on every page
  // (scripts/strict-csp.ts, npm's postbuild) with one that allows that page's inline scripts by hash and no other.
  // Framework 1.13 writes <html> without a language; the first script declares it for screen readers (axe html-has-lang).
  head: `<script>document.documentElement.lang = "en";</script>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%231c7ed6'/%3E%3C/svg%3E">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' blob:${process.argv.includes("preview") ? " 'unsafe-eval'" : ""}; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'">`,
  footer: "MobileNet weights © Google, Apache-2.0. Sample photos from google-coral/test_data, Apache-2.0.",
  // Every page's teaching cells (js echo) get Edit, Run and Reset in place, and the page "Copy the page's code".
  markdownIt: (md: Parameters<typeof editableCellsPlugin>[0]) => {
    editableCellsPlugin(md);
    return md;
  }
};
