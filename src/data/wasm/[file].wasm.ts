// data/wasm/<file>.wasm: the tfjs WASM backend's binaries, copied from the installed package.
import {loaderParam, writeWasm} from "../../../components/node/data-loaders.js";

await writeWasm(`${loaderParam("file")}.wasm`);
