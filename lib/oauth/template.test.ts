import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  checkTemplateNames,
  listTemplateNames,
  renderHeaderTemplate,
  renderHttpUrlTemplate,
  renderUrlTemplate,
  TemplateError,
  validateTemplateSyntax,
} from "./template";

function catchTemplateError(render: () => unknown): TemplateError {
  try {
    render();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error("expected a TemplateError");
}

describe("listTemplateNames", () => {
  it("lists every placeholder with its offset and 1-based line and column", () => {
    expect(listTemplateNames('{\n  "a": {{ client_id }},\n  "b": "x{{user.name-2}}"\n}')).toEqual([
      { name: "client_id", offset: 9, line: 2, column: 8 },
      { name: "user.name-2", offset: 35, line: 3, column: 10 },
    ]);
  });

  it("treats extra outer braces as literal text", () => {
    expect(listTemplateNames("{{{x}}}")).toEqual([{ name: "x", offset: 1, line: 1, column: 2 }]);
    expect(renderUrlTemplate("{{{x}}}", { x: "1" })).toBe("{1}");
  });

  it("keeps a lone closing pair as text", () => {
    expect(listTemplateNames("a}}b")).toEqual([]);
  });
});

describe("validateTemplateSyntax", () => {
  it.each([
    ["an unclosed placeholder", "https://x.example/?a={{state", 'at line 1, column 22 is never closed with "}}"', 1, 22],
    ["an empty placeholder", "line one\n{{}}", 'Empty placeholder "{{}}" at line 2, column 1', 2, 1],
    ["a name with a space inside", "{{client id}}", "Invalid placeholder at line 1, column 1", 1, 1],
    ["a name starting with a digit", "x {{1abc}}", "Invalid placeholder at line 1, column 3", 1, 3],
  ])("reports %s with its position", (_, src, message, line, column) => {
    const issue = validateTemplateSyntax(src);
    expect(issue).toMatchObject({ code: "invalid_syntax", line, column });
    expect(issue?.message).toContain(message);
  });

  it("accepts well-formed templates", () => {
    expect(validateTemplateSyntax("a {{ b }} c {{d_e.f-g}}")).toBeNull();
  });
});

describe("checkTemplateNames", () => {
  it("names every unknown placeholder and where it stands", () => {
    expect(checkTemplateNames("{{client_id}}\n  {{nope}} {{state}}", ["client_id", "state"])).toEqual([
      { code: "unknown_name", name: "nope", line: 2, column: 3, message: 'Unknown name "nope" at line 2, column 3' },
    ]);
  });

  it("reports a syntax problem instead of names", () => {
    expect(checkTemplateNames("{{a}} {{", ["a"])).toEqual([expect.objectContaining({ code: "invalid_syntax", line: 1, column: 7 })]);
  });
});

describe("renderUrlTemplate", () => {
  it("percent-encodes values and keeps literal text as written", () => {
    expect(
      renderUrlTemplate("https://x.example/a b?redirect_uri={{r}}&n={{n}}&ok={{ok}}", {
        r: "https://app.example/cb?x=1&y=2",
        n: 5,
        ok: true,
      }),
    ).toBe("https://x.example/a b?redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1%26y%3D2&n=5&ok=true");
  });

  it("round-trips any value through URL parsing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (state, redirect) => {
        const url = new URL(renderUrlTemplate("https://p.example/auth?state={{state}}&redirect_uri={{r}}&x=1", { state, r: redirect }));
        expect(url.searchParams.get("state")).toBe(state);
        expect(url.searchParams.get("redirect_uri")).toBe(redirect);
        expect([...url.searchParams.keys()]).toEqual(["state", "redirect_uri", "x"]);
      }),
    );
  });

  it("refuses a missing value instead of rendering an empty string, naming it and its position", () => {
    const error = catchTemplateError(() => renderUrlTemplate("https://x.example/?a={{a}}\n&b={{b}}", { a: "1" }));
    expect(error).toMatchObject({ code: "missing_value", placeholder: "b", line: 2, column: 4 });
    expect(error.message).toBe('No value for "{{b}}" at line 2, column 4');
  });

  it("refuses null, which has no textual form", () => {
    expect(catchTemplateError(() => renderUrlTemplate("{{a}}", { a: null })).code).toBe("missing_value");
  });

  it("does not take a name from Object.prototype", () => {
    expect(catchTemplateError(() => renderUrlTemplate("{{constructor}}", {})).code).toBe("missing_value");
  });

  it("refuses a lone surrogate without quoting it", () => {
    const error = catchTemplateError(() => renderUrlTemplate("{{a}}", { a: "x\uD800" }));
    expect(error.code).toBe("unsafe_value");
    expect(error.message).not.toContain("x\uD800");
  });
});

describe("renderHttpUrlTemplate", () => {
  it("refuses a rendered URL that is not absolute http(s)", () => {
    expect(catchTemplateError(() => renderHttpUrlTemplate("{{u}}", { u: "javascript:alert(1)" })).code).toBe("invalid_url");
    expect(catchTemplateError(() => renderHttpUrlTemplate("/relative", {})).code).toBe("invalid_url");
    expect(renderHttpUrlTemplate("https://x.example/t", {})).toBe("https://x.example/t");
  });
});

describe("renderHeaderTemplate", () => {
  it("inserts values raw", () => {
    expect(renderHeaderTemplate("Bearer {{access_token}}", { access_token: "a+b/c=" })).toBe("Bearer a+b/c=");
  });

  it.each(["a\r\nX-Injected: 1", "a\nb", "a\0b"])("refuses a value that could inject a header (%j) without quoting it", (value) => {
    const error = catchTemplateError(() => renderHeaderTemplate("Bearer {{t}}", { t: value }));
    expect(error).toMatchObject({ code: "unsafe_value", placeholder: "t", line: 1, column: 8 });
    expect(error.message).not.toContain(value);
  });
});

describe("renderTextTemplate", () => {
  it("inserts values as they are, line breaks included, and refuses a missing one", async () => {
    const { renderTextTemplate } = await import("./template");
    expect(renderTextTemplate("Hello {{name}},\n{{note}}", { name: "Ada & Co", note: "line 1\nline 2" })).toBe("Hello Ada & Co,\nline 1\nline 2");
    expect(() => renderTextTemplate("{{missing}}", {})).toThrow(/missing/);
  });
});
