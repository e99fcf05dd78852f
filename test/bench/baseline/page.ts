// How the bench hands the built site's (hashed) file URLs to its own pages: a JSON script element in the HTML, so
// that passing them costs no extra request.

export interface BaselineFiles {
  wasm: {
    "tfjs-backend-wasm.wasm": string;
    "tfjs-backend-wasm-simd.wasm": string;
    "tfjs-backend-wasm-threaded-simd.wasm": string;
  };
  modelJson: string;
  /** The weights as plain float32 bytes (tfjs's own format), for the minimal page's tf.loadGraphModel. */
  modelWeights: string;
  /** The same weights as the site serves them to its pages (byte planes, gzipped), for the lesson's own loadModel. */
  siteWeights: string;
  photo: string;
}

export const FILES_ELEMENT_ID = "bench-files";

export function readBaselineFiles(): BaselineFiles {
  const element = document.getElementById(FILES_ELEMENT_ID);
  if (!element?.textContent) throw new Error(`The page has no #${FILES_ELEMENT_ID} element with the site's file URLs.`);
  return JSON.parse(element.textContent) as BaselineFiles;
}

/** The HTML of a bench page: the file URLs, then one module script. */
export function pageHtml(title: string, files: BaselineFiles, script: string): string {
  const json = JSON.stringify(files).replace(/</g, "\\u003c");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="data:,">
<script type="application/json" id="${FILES_ELEMENT_ID}">${json}</script>
<script type="module" src="${script}"></script>
</head>
<body>
<h1>${title}</h1>
</body>
</html>
`;
}
