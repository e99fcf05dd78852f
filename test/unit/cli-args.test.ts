import {describe, expect, it} from "vitest";
import {DEFAULT_TOP, USAGE, UsageError, parseCliArgs} from "../../components/node/cli-args.js";

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`parseCliArgs accepted ${JSON.stringify(argv)}`);
}

describe("parseCliArgs", () => {
  it("defaults to the small model, the top 5 and human output", () => {
    expect(parseCliArgs(["cat.png"])).toEqual({
      kind: "classify",
      model: "v1-0.25",
      top: DEFAULT_TOP,
      json: false,
      files: ["cat.png"]
    });
    expect(DEFAULT_TOP).toBe(5);
  });

  it("reads every option, long and short, with the files in the order given", () => {
    expect(parseCliArgs(["--model", "v1-0.75", "--top", "3", "--json", "b.jpg", "a.png"])).toEqual({
      kind: "classify",
      model: "v1-0.75",
      top: 3,
      json: true,
      files: ["b.jpg", "a.png"]
    });
    expect(parseCliArgs(["a.png", "-m", "v1-0.75", "-k", "1000", "b.png"])).toMatchObject({
      model: "v1-0.75",
      top: 1000,
      files: ["a.png", "b.png"]
    });
    expect(parseCliArgs(["--top=1", "--model=v1-0.25", "a.png"])).toMatchObject({model: "v1-0.25", top: 1});
  });

  it("keeps file names exactly as given, including odd ones after --", () => {
    expect(parseCliArgs(["--", "-dash.png", "with space.jpg", "ünïcødé.png"])).toMatchObject({
      files: ["-dash.png", "with space.jpg", "ünïcødé.png"]
    });
  });

  it("asks for help with -h or --help", () => {
    expect(parseCliArgs(["--help"])).toEqual({kind: "help"});
    expect(parseCliArgs(["-h", "a.png"])).toEqual({kind: "help"});
    expect(USAGE).toMatch(/--model v1-0\.25\|v1-0\.75.*--top K.*--json/);
  });

  it("refuses an unknown model, naming the known ones", () => {
    expect(usageError(["--model", "v2", "a.png"])).toBe('Unknown model "v2". Choose one of: v1-0.25, v1-0.75.');
  });

  it.each(["0", "1001", "-1", "2.5", "five", "", "1e2", "0x10"])("refuses --top %j", (top) => {
    expect(usageError([`--top=${top}`, "a.png"])).toMatch(/--top must be a whole number from 1 to 1000/);
  });

  it("refuses a run without files", () => {
    expect(usageError([])).toMatch(/No image files given/);
    expect(usageError(["--json", "--top", "3"])).toMatch(/No image files given/);
  });

  it("refuses unknown options and options without their value, briefly", () => {
    expect(usageError(["--bogus", "a.png"])).toMatch(/^Unknown option --bogus\./);
    expect(usageError(["a.png", "--top"])).toBe("Option --top needs a value.");
    expect(usageError(["--model", "--json", "a.png"])).toBe("Option --model needs a value.");
  });
});
