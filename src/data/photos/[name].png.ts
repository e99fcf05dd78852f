// data/photos/<name>.png: a sample photo listed in data/photos.json (empty when the build has none).
import {loaderParam, writePhoto} from "../../../components/node/data-loaders.js";

await writePhoto(`${loaderParam("name")}.png`);
