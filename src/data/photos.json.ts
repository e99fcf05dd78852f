// data/photos.json: the sample gallery — file name, title, alt text, credit line, right answers (truth), and whether the build has it.
import {writePhotoList} from "../../components/node/data-loaders.js";

await writePhotoList();
