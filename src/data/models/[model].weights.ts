// data/models/<slug>.weights: the model's weights, byte planes first and gzipped (empty when the build has none).
import {loaderParam, writeModelWeights} from "../../../components/node/data-loaders.js";

await writeModelWeights(loaderParam("model"));
