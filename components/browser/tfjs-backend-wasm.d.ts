// The browser bundle of the WASM backend has no types of its own; it exports what the package's index does.
declare module "@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js" {
  export {getThreadsCount, setWasmPaths} from "@tensorflow/tfjs-backend-wasm";
}
