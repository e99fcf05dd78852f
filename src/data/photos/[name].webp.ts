// data/photos/<name>.webp: the sample photo <name>.png as a lossless WebP, the same pixels in fewer bytes (empty when
// the build has none).
import {loaderParam, writeWebpPhoto} from "../../../components/node/data-loaders.js";

await writeWebpPhoto(loaderParam("name"));
