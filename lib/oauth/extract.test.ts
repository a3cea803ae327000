import { describe, expect, it } from "vitest";

import { checkJsonPath, extractValue, queryStringToObject } from "./extract";

describe("checkJsonPath", () => {
  it.each(["$", "$.access_token", "$.authed_user.access_token", "$.data.token", "$['token.type']", '$["a b"]', "$.items[0].id", "$..access_token", "$.a[*]", "$..[0]", "$.é"])(
    "accepts %s",
    (path) => {
      expect(checkJsonPath(path)).toEqual({ ok: true });
    },
  );

  it.each([
    ["access_token", 'starts with "$"'],
    ["$.[", 'Expected a name or "*" at position 3 of $.['],
    ["$.a[", 'Expected an index, "*" or a quoted name followed by "]" at position 5'],
    ["$..[?(@.x)]", "Filter and script expressions"],
    ["$.a[(@.length-1)]", "Filter and script expressions"],
    ["$..", "Expected a name"],
    ["$.a~", 'Unexpected "~" at position 4'],
    ["$.a^", 'Unexpected "^"'],
    ["$.a['*']", "quoted name"],
    ["$.arr[-1]", "an index"],
  ])("refuses %s with a readable message", (path, message) => {
    const check = checkJsonPath(path);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain(message);
  });
});

describe("extractValue", () => {
  it("reads nested values", () => {
    const response = { ok: true, authed_user: { access_token: "xoxp-1" }, data: { token: "t-2" }, "token.type": "bearer" };
    expect(extractValue(response, "$.authed_user.access_token")).toEqual({ ok: true, value: "xoxp-1" });
    expect(extractValue(response, "$.data.token")).toEqual({ ok: true, value: "t-2" });
    expect(extractValue(response, "$['token.type']")).toEqual({ ok: true, value: "bearer" });
  });

  it("returns the first match of a path that matches several", () => {
    expect(extractValue({ a: { token: "first" }, b: { token: "second" } }, "$..token")).toEqual({ ok: true, value: "first" });
  });

  it("keeps null and falsy values as found", () => {
    expect(extractValue({ refresh_token: null, n: 0 }, "$.refresh_token")).toEqual({ ok: true, value: null });
    expect(extractValue({ n: 0 }, "$.n")).toEqual({ ok: true, value: 0 });
  });

  it("names the path and the top-level keys, never a value, when nothing matches", () => {
    const result = extractValue({ access_token: "s3cret-value", token_type: "bearer" }, "$.data.token");
    expect(result).toEqual({
      ok: false,
      error: {
        code: "path_not_found",
        path: "$.data.token",
        topLevelKeys: ["access_token", "token_type"],
        message: '$.data.token matches nothing; the top-level keys are: "access_token", "token_type"',
      },
    });
  });

  it("reports an invalid path instead of guessing what it means", () => {
    const result = extractValue({ a: 1 }, "$..[?(@.a)]");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("invalid_path");
  });

  it("never evaluates script", () => {
    expect(extractValue({ a: [1] }, "$.a[(1+1)]").ok).toBe(false);
  });

  it("finds nothing in a value that is not an object", () => {
    const result = extractValue("text", "$.a");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.topLevelKeys).toEqual([]);
  });
});

describe("queryStringToObject", () => {
  it("turns a callback query into the object authCodePath reads", () => {
    const query = queryStringToObject("?code=a%2Bb+c&state=xyz");
    expect(query).toEqual({ code: "a+b c", state: "xyz" });
    expect(extractValue(query, "$.code")).toEqual({ ok: true, value: "a+b c" });
  });
});
