import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findUnsafeStrings, isSafeString, safeString } from "./safe-string";

describe("safe strings", () => {
  it("refuses NUL and unpaired surrogates, keeps every other string", () => {
    expect(isSafeString("Org\u0000Name")).toBe(false);
    expect(isSafeString("\udfff")).toBe(false);
    expect(isSafeString("a\ud83d")).toBe(false);
    expect(isSafeString("\ude00\ud83d")).toBe(false);
    expect(isSafeString("😀 café \u200b")).toBe(true);
    expect(safeString().safeParse("x\u0000").success).toBe(false);
  });

  it("agrees with UTF-8: a string is safe exactly when it survives encoding and has no NUL", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        const roundTrips = Buffer.from(value, "utf8").toString("utf8") === value;
        expect(isSafeString(value)).toBe(roundTrips && !value.includes("\u0000"));
      }),
      { numRuns: 500 },
    );
  });

  it("names the path of every unsafe string and key in a nested value", () => {
    expect(findUnsafeStrings({ a: "ok", b: ["x", "\u0000"], c: { d: "\udfff" }, ["\ud800"]: 1 }, "query")).toEqual([
      { path: "query.b.1", message: expect.any(String) },
      { path: "query.c.d", message: expect.any(String) },
      { path: "query.(key)", message: expect.stringContaining("field name") },
    ]);
  });
});
