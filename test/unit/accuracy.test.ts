import {describe, expect, it} from "vitest";
import {rightAnswerRank, scoreModel, topKAccuracy} from "../../components/pipeline/accuracy.js";

describe("rightAnswerRank", () => {
  it("is the position of the first right answer, 1 for the top guess", () => {
    expect(rightAnswerRank({truth: [281, 282, 285], ranked: [285, 281, 7]})).toBe(1);
    expect(rightAnswerRank({truth: [934], ranked: [931, 963, 934, 1, 2]})).toBe(3);
    expect(rightAnswerRank({truth: [19], ranked: [1, 2, 3]})).toBeNull();
  });
});

describe("topKAccuracy", () => {
  const answers = [
    {truth: [281, 282, 285], ranked: [285, 281, 1, 2, 3]}, // right at 1
    {truth: [934], ranked: [931, 963, 934, 1, 2]}, // right at 3
    {truth: [19], ranked: [10, 11, 12, 13, 14]}, // wrong
    {truth: [], ranked: [80, 24, 1, 2, 3]} // no class in ImageNet: not counted
  ];

  it("counts the photos with a right answer in the top k, out of those that have one", () => {
    expect(topKAccuracy(answers, 1)).toEqual({k: 1, hits: 1, counted: 3, rate: 1 / 3});
    expect(topKAccuracy(answers, 5)).toEqual({k: 5, hits: 2, counted: 3, rate: 2 / 3});
  });

  it("leaves out a photo with no right answer even if the model's guess looks close", () => {
    expect(topKAccuracy([{truth: [], ranked: [24]}], 1)).toMatchObject({hits: 0, counted: 0});
    expect(topKAccuracy([], 1).rate).toBeNaN();
  });

  it("refuses to score top-5 from fewer than 5 guesses", () => {
    expect(() => topKAccuracy([{truth: [1], ranked: [2, 3]}], 5)).toThrow(/best 5 classes/);
  });
});

describe("scoreModel", () => {
  const top5 = (...classIds: number[]) => classIds.map((classId) => ({classId, probability: 0.2}));
  const photos = [{truth: {classes: [281, 282]}}, {truth: {classes: [934]}}, {truth: {classes: []}}];

  it("scores each photo's five best classes against its right answers, keeping them with `index` for the table", () => {
    const scored = scoreModel("v1 0.25", photos, [
      top5(282, 1, 2, 3, 4),
      top5(963, 1, 2, 934, 4),
      top5(24, 1, 2, 3, 4)
    ]);
    expect(scored.name).toBe("v1 0.25");
    expect(scored.top1).toEqual({k: 1, hits: 1, counted: 2, rate: 0.5});
    expect(scored.top5).toEqual({k: 5, hits: 2, counted: 2, rate: 1});
    expect(scored.answers[1]![3]).toEqual({classId: 934, index: 934, probability: 0.2});
  });

  it("scores only the photos answered so far (a run stopped part way)", () => {
    expect(scoreModel("v1 0.75", photos, [top5(281, 1, 2, 3, 4)]).top1).toMatchObject({hits: 1, counted: 1});
  });
});
