// chooseBackend: the preferred backend that starts, a backend's code loaded only when it is tried, CPU as last resort.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import {describe, expect, it, vi} from "vitest";
import {chooseBackend} from "../../components/pipeline/backend.js";

/** A backend with no kernels: enough to be chosen. */
class EmptyBackend extends tf.KernelBackend {
  override dispose(): void {}
}

describe("chooseBackend", () => {
  it("loads the code of a backend that is not registered yet, then starts it", async () => {
    const load = vi.fn(async () => {
      tf.registerBackend("on-demand", () => new EmptyBackend());
    });
    expect(await chooseBackend(["on-demand"], {"on-demand": load})).toBe("on-demand");
    expect(load).toHaveBeenCalledTimes(1);
    tf.removeBackend("on-demand");
  });

  it("does not load a backend's code when an earlier choice starts", async () => {
    const load = vi.fn(async () => {});
    expect(await chooseBackend(["cpu", "unused"], {unused: load})).toBe("cpu");
    expect(load).not.toHaveBeenCalled();
  });

  it("falls back to CPU when the preferred backends' code cannot be loaded or they cannot start", async () => {
    const offline = vi.fn(async () => {
      throw new TypeError("Failed to fetch dynamically imported module");
    });
    const broken = vi.fn(async () => {
      tf.registerBackend("broken", () => {
        throw new Error("no such device");
      });
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {}); // tfjs warns of the backend that failed to start
    try {
      expect(await chooseBackend(["webgl-offline", "broken"], {"webgl-offline": offline, broken})).toBe("cpu");
    } finally {
      warn.mockRestore();
    }
    expect(offline).toHaveBeenCalledTimes(1);
    expect(broken).toHaveBeenCalledTimes(1);
    tf.removeBackend("broken");
  });
});
