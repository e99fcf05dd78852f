// The models page's two answers in words: agreement, and the share of the top three.
import {describe, expect, it} from "vitest";
import {twoAnswersText} from "../../components/pipeline/compare-answers.js";

const answer = (name: string, ...top: [number, number][]) => ({
  name,
  top: top.map(([classId, probability]) => ({classId, probability}))
});

describe("twoAnswersText", () => {
  it("says the two agree and which is surer, and how much the same top three hold in each", () => {
    const small = answer("v1 0.25", [281, 0.6], [282, 0.2], [285, 0.1]);
    const big = answer("v1 0.75", [281, 0.5], [285, 0.3], [282, 0.15]);
    expect(twoAnswersText(small, big)).toBe(
      "They agree on tabby. The bigger model is less sure of it: 50.0% against 60.0%. Both rank the same three " +
        "classes highest (tabby, tiger cat, Egyptian cat), and together those three hold 95.0% of v1 0.75's " +
        "probability against 90.0% of v1 0.25's: the bigger model is surer that the answer is one of these three, " +
        "and less sure which one."
    );
  });

  it("ends the shares plainly when the bigger model is not surer of the three", () => {
    const small = answer("v1 0.25", [281, 0.6], [282, 0.3], [285, 0.05]);
    const big = answer("v1 0.75", [281, 0.7], [282, 0.1], [285, 0.05]);
    expect(twoAnswersText(small, big)).toMatch(
      /more sure of it: 70\.0% against 60\.0%\. .* 85\.0% of v1 0\.75's probability against 95\.0% of v1 0\.25's\.$/
    );
  });

  it("names each model's best class when they disagree, and leaves out the shares when their top threes differ", () => {
    const small = answer("v1 0.25", [934, 0.4], [963, 0.3], [1, 0.1]);
    const big = answer("v1 0.75", [963, 0.5], [934, 0.2], [2, 0.1]);
    expect(twoAnswersText(small, big)).toBe("They disagree: v1 0.25 says hotdog, v1 0.75 says pizza.");
  });
});
