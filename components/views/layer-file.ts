// Keep the trained layer as a file: a download link (the layer's JSON: class names, weights, biases) and a file
// button to load one back. The page decides what a chosen file means; `load` returns what to tell the reader.
export interface LayerFile extends HTMLElement {
  /** The layer to offer for download, as the file's text; null hides the link. */
  offer(text: string | null, fileName: string): void;
}

export function LayerFile(load: (file: File) => Promise<{ok: boolean; message: string}>): LayerFile {
  const root = document.createElement("div") as unknown as LayerFile;
  root.className = "layer-file";
  const download = document.createElement("a");
  download.className = "layer-download";
  download.textContent = "Download the layer";
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".json,application/json";
  label.append("Load a layer file: ", input);
  const status = document.createElement("p");
  status.className = "layer-file-status";
  status.setAttribute("aria-live", "polite");
  root.append(download, label, status);

  let url: string | null = null;
  root.offer = (text, fileName) => {
    if (url) URL.revokeObjectURL(url);
    url = text === null ? null : URL.createObjectURL(new Blob([text], {type: "application/json"}));
    download.hidden = url === null;
    if (url) download.href = url;
    download.download = fileName;
  };
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    const {ok, message} = await load(file);
    status.setAttribute("role", ok ? "status" : "alert");
    status.textContent = message;
    status.classList.toggle("layer-file-problem", !ok);
  });
  root.offer(null, "");
  return root;
}
