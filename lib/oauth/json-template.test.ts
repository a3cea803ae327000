import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { encodeForm } from "./form-encoding";
import { checkJsonTemplate, renderFormFields, renderJsonTemplate } from "./json-template";
import { AWKWARD_SECRET, SEED_OAUTH_CONFIG } from "./seed-config.fixture";
import { TemplateError, type TemplateValue } from "./template";

function catchTemplateError(render: () => unknown): TemplateError {
  try {
    render();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error("expected a TemplateError");
}

const anyString = fc.string({ unit: "binary" });
// -0 is left out: JSON has no negative zero, so it comes back as 0.
const anyTemplateValue: fc.Arbitrary<TemplateValue> = fc.oneof(
  anyString,
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

describe("renderJsonTemplate", () => {
  it("inserts a bare placeholder as a JSON literal and a quoted one as string content", () => {
    const { text, value } = renderJsonTemplate('{"s": {{s}}, "n": {{n}}, "b": {{b}}, "z": {{z}}, "q": "<{{s}}>"}', {
      s: 'a"b\\c\n',
      n: 42.5,
      b: false,
      z: null,
    });
    expect(text).toBe('{"s": "a\\"b\\\\c\\n", "n": 42.5, "b": false, "z": null, "q": "<a\\"b\\\\c\\n>"}');
    expect(value).toEqual({ s: 'a"b\\c\n', n: 42.5, b: false, z: null, q: '<a"b\\c\n>' });
  });

  it("gives back any string value unchanged, bare or quoted", () => {
    fc.assert(
      fc.property(anyString, anyString, (bare, quoted) => {
        const { value } = renderJsonTemplate('{"bare": {{bare}}, "quoted": "pre-{{quoted}}-post", "list": [{{bare}}]}', {
          bare,
          quoted,
        });
        expect(value).toEqual({ bare, quoted: `pre-${quoted}-post`, list: [bare] });
      }),
    );
  });

  it("lets no value add a key or change the structure", () => {
    fc.assert(
      fc.property(anyTemplateValue, anyString, (a, b) => {
        const { value } = renderJsonTemplate('{"a": {{a}}, "b": "{{b}}", "nested": {"c": [{{a}}, "{{b}}"]}}', { a, b });
        expect(value).toEqual({ a, b, nested: { c: [a, b] } });
        expect(Object.keys(value as object)).toEqual(["a", "b", "nested"]);
      }),
    );
  });

  it("sends the seed's client secret byte for byte, quote, backslash and non-ASCII included", () => {
    const { text, value } = renderJsonTemplate(SEED_OAUTH_CONFIG.requestBody, {
      redirect_uri: "http://localhost:3000/v1/dev_oauth/callback",
      auth_code: "c0de",
      client_id: "acme-client",
      client_secret: AWKWARD_SECRET,
    });
    expect(value).toEqual({
      grant_type: "authorization_code",
      redirect_uri: "http://localhost:3000/v1/dev_oauth/callback",
      code: "c0de",
      client_id: "acme-client",
      client_secret: AWKWARD_SECRET,
    });
    expect(text).toContain(`"client_secret": ${JSON.stringify(AWKWARD_SECRET)}}`);
  });

  it("refuses a missing value with its name and position", () => {
    const error = catchTemplateError(() => renderJsonTemplate('{\n  "code": "{{auth_code}}"\n}', {}));
    expect(error).toMatchObject({ code: "missing_value", placeholder: "auth_code", line: 2, column: 12 });
  });

  it("refuses a number that JSON cannot carry", () => {
    expect(catchTemplateError(() => renderJsonTemplate("[{{n}}]", { n: Number.NaN })).code).toBe("unsafe_value");
  });

  it.each([
    ["a missing value", '{\n  "a": ,\n  "b": 1\n}', 'Unexpected "," at line 2, column 8'],
    ["a trailing comma", '{"a": 1,}', 'Unexpected "}"; expected a quoted key at line 1, column 9'],
    ["an unterminated string", '{"a": "{{x}}', "Unterminated string at line 1, column 7"],
    ["a placeholder glued to a number", '{"a": 1{{x}}}', 'Unexpected "{"; expected "," or "}" at line 1, column 8'],
    ["a placeholder after a backslash", '{"a": "\\{{x}}"}', "Invalid escape in a string at line 1, column 8"],
    ["a bare placeholder used as a key", "{ {{x}}: 1 }", "A placeholder used as a key must be inside quotes"],
    ["two values in a row", "{{x}} {{y}}", 'Unexpected "{" after the JSON value at line 1, column 7'],
    ["an unescaped line break in a string", '{"a": "x\ny"}', "Unescaped control character in a string at line 1, column 9"],
  ])("points at the original template for %s", (_, src, message) => {
    const error = catchTemplateError(() => renderJsonTemplate(src, { x: "v", y: "w" }));
    expect(error.code).toBe("invalid_json");
    expect(error.message).toContain(message);
  });

  it("never quotes a value in an error", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 3 }), (secret) => {
        const error = catchTemplateError(() => renderJsonTemplate('{"a": "{{s}}" "b": {{s}}}', { s: secret }));
        expect(error.message).not.toContain(secret);
      }),
    );
  });
});

describe("renderFormFields", () => {
  it("stringifies numbers and booleans and leaves null fields out", () => {
    expect(renderFormFields('{"a": {{a}}, "n": {{n}}, "b": true, "z": {{z}}}', { a: "x y", n: 3, z: null })).toEqual({
      a: "x y",
      n: "3",
      b: "true",
    });
  });

  it("round-trips any fields through form encoding", () => {
    fc.assert(
      fc.property(anyString, anyString, fc.integer(), (code, secret, n) => {
        const fields = renderFormFields('{"code": "{{code}}", "client_secret": {{secret}}, "n": {{n}}}', { code, secret, n });
        expect(Object.fromEntries(new URLSearchParams(encodeForm(fields)))).toEqual({ code, client_secret: secret, n: String(n) });
      }),
    );
  });

  it.each([
    ["a nested object", '{"a": 1,\n "b": {"c": 2}}', "A form field must be a string, number, boolean or null, not an object or array at line 2, column 7"],
    ["an array value", '{"a": [1]}', "A form field must be a string, number, boolean or null"],
    ["a body that is not an object", "[1, 2]", "A form body must be a JSON object at line 1, column 1"],
    ["a bare placeholder as the whole body", "{{x}}", "A form body must be a JSON object"],
  ])("refuses %s", (_, src, message) => {
    const error = catchTemplateError(() => renderFormFields(src, { x: "v" }));
    expect(error.code).toBe("invalid_json");
    expect(error.message).toContain(message);
  });

  it("accepts a placeholder as a field's value", () => {
    expect(renderFormFields('{"a": {{x}}}', { x: "{not an object}" })).toEqual({ a: "{not an object}" });
  });
});

describe("checkJsonTemplate", () => {
  it("accepts the seed's bodies without any value", () => {
    expect(checkJsonTemplate(SEED_OAUTH_CONFIG.requestBody, "json")).toBeNull();
    expect(checkJsonTemplate(SEED_OAUTH_CONFIG.refreshTokenBody, "form")).toBeNull();
  });

  it("reports the shape a format needs and syntax problems", () => {
    expect(checkJsonTemplate("[{{a}}]", "json")).toBeNull();
    expect(checkJsonTemplate("[{{a}}]", "form")).toMatchObject({ code: "invalid_json", line: 1, column: 1 });
    expect(checkJsonTemplate('{"a": {{}}}', "json")).toMatchObject({ code: "invalid_syntax", line: 1, column: 7 });
  });
});
