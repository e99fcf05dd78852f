// data/thumbs/<name>.jpg: the picker's small copy of the sample photo <name>.png or <name>.jpg (empty when the build has none).
import {loaderParam, writeThumbnail} from "../../../components/node/data-loaders.js";

await writeThumbnail(loaderParam("name"));
