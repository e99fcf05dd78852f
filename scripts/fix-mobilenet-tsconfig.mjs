// @tensorflow-models/mobilenet 2.1.1 publishes a tsconfig.json that extends "../tsconfig", a file that exists only in
// the tfjs-models monorepo. Framework's bundler reads it and stops. Rewrite it as a self-contained file, after every
// install (npm runs this as the project's postinstall), so a fresh `npm ci` builds.
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";

const require = createRequire(import.meta.url);
let packageDir;
try {
  packageDir = dirname(require.resolve("@tensorflow-models/mobilenet/package.json"));
} catch {
  process.exit(0); // not installed (yet): nothing to fix
}
const tsconfigPath = join(packageDir, "tsconfig.json");
if (existsSync(tsconfigPath)) {
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, "utf8"));
  if ("extends" in tsconfig) {
    delete tsconfig.extends;
    writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, 2) + "\n");
    console.log(`fixed ${tsconfigPath}: removed "extends" of a file the package does not ship`);
  }
}
