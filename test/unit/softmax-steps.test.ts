// The four-logit explorer on the softmax page: its sliders' range, and how its table writes each step's number. The
// steps themselves are the page's own tfjs cell (tf.max, tf.sub, tf.exp, tf.sum, tf.div); the browser test follows them.
import {describe, expect, it} from "vitest";
import {stepText} from "../../components/pipeline/format.js";
import {sliderRange} from "../../components/views/softmax-steps.js";

describe("the four-logit explorer", () => {
  it("widens the slider range to hold the starting values", () => {
    expect(sliderRange([2, 1, 0.5, -1])).toEqual([-5, 10]);
    expect(sliderRange([14.1, 13.1, 12.7, 11.3])).toEqual([-5, 16]);
    expect(sliderRange([-8.2, 0])).toEqual([-10, 10]);
  });

  it("writes each step's number with its column's decimals, and typesets the exponents of the very large and small", () => {
    expect(stepText(0.36787944, 4)).toBe("0.3679");
    expect(stepText(-0.9997, 2)).toBe("−1.00");
    expect(stepText(14.1, 2)).toBe("14.10");
    expect(stepText(1329106.4, 4)).toBe("1.33 × 10⁶");
    expect(stepText(0.00002, 4)).toBe("2.00 × 10⁻⁵");
    expect(stepText(Infinity, 2)).toBe("Infinity");
    expect(stepText(0, 4)).toBe("0.0000");
  });
});
