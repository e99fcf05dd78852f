// npm run wordnet: rewrites data/imagenet-hierarchy.json from WordNet 3.0 (test/unit/imagenet-hierarchy.test.ts
// regenerates it and fails if the committed file differs).
import {writeHierarchy} from "./imagenet-hierarchy.js";

await writeHierarchy();
