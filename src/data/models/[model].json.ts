// data/models/<slug>.json (slugs in data/models.json): model.json naming one weights file, or {"error": "…"}.
import {loaderParam, writeModelJson} from "../../../components/node/data-loaders.js";

await writeModelJson(loaderParam("model"));
