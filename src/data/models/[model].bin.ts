// data/models/<slug>.bin: the model's weights files concatenated in manifest order (empty when the build has none).
import {loaderParam, writeModelWeights} from "../../../components/node/data-loaders.js";

await writeModelWeights(loaderParam("model"));
