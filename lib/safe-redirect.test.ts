import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-redirect";

describe("safeReturnPath", () => {
  it("keeps same-origin relative paths with their query", () => {
    expect(safeReturnPath("/connect/abc/acme?x=1")).toBe("/connect/abc/acme?x=1");
  });

  it.each(["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "", "apps"])(
    "falls back for %j",
    (value) => {
      expect(safeReturnPath(value, "/home")).toBe("/home");
    },
  );
});
