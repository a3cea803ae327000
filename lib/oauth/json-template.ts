import {
  createLocator,
  formatPosition,
  issueFromError,
  parseTemplate,
  placeholdersOf,
  TemplateError,
  textValueFor,
  valueFor,
  type Placeholder,
  type TemplateIssue,
  type TemplatePart,
  type TemplatePosition,
  type TemplateValue,
  type TemplateValues,
} from "./template";

/**
 * JSON templates. The template itself is checked against the JSON grammar, with a placeholder standing
 * either for a whole value (bare) or for part of a string's content (quoted). Because every value is then
 * inserted as exactly one JSON token or as escaped string content, no value can change the document's
 * structure, and every syntax error points at the template the developer wrote.
 */

type Slot = "value" | "string";

export type JsonTemplateFormat = "json" | "form";

export interface RenderedJson {
  text: string;
  value: unknown;
}

const MAX_DEPTH = 64;

/** Renders a JSON template and parses the result. */
export function renderJsonTemplate(src: string, values: TemplateValues): RenderedJson {
  return renderChecked(src, values, "json");
}

/** Renders a flat JSON-object template into form fields: numbers and booleans become text, null fields are left out. */
export function renderFormFields(src: string, values: TemplateValues): Record<string, string> {
  // The "form" grammar guarantees a flat object, so every field is a string, number, boolean or null.
  const { value } = renderChecked(src, values, "form");
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(value as Record<string, TemplateValue>)) {
    if (field !== null) fields[key] = String(field);
  }
  return fields;
}

/** Save-time check of a body template for the given request format, or null when it is well formed. */
export function checkJsonTemplate(src: string, format: JsonTemplateFormat): TemplateIssue | null {
  try {
    scanJsonTemplate(src, parseTemplate(src), format);
    return null;
  } catch (error) {
    if (error instanceof TemplateError) return issueFromError(error);
    throw error;
  }
}

function renderChecked(src: string, values: TemplateValues, format: JsonTemplateFormat): RenderedJson {
  const parts = parseTemplate(src);
  const slots = scanJsonTemplate(src, parts, format);
  const text = parts
    .map((part) => {
      if (part.kind === "text") return part.text;
      return slots.get(part.offset) === "string" ? stringContent(values, part) : jsonLiteral(valueFor(values, part));
    })
    .join("");
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    // Unreachable when the grammar check is right; V8's own message would quote the values, so none is kept.
    throw new TemplateError("invalid_json", "The rendered JSON does not parse", { line: 1, column: 1 });
  }
}

function stringContent(values: TemplateValues, placeholder: Placeholder): string {
  return JSON.stringify(textValueFor(values, placeholder)).slice(1, -1);
}

function jsonLiteral(value: TemplateValue): string {
  return typeof value === "boolean" || value === null ? String(value) : JSON.stringify(value);
}

/** Checks the template against the JSON grammar and says, by offset, whether each placeholder is bare or quoted. */
function scanJsonTemplate(src: string, parts: TemplatePart[], format: JsonTemplateFormat): Map<number, Slot> {
  const placeholders = new Map(placeholdersOf(parts).map((placeholder) => [placeholder.offset, placeholder]));
  const locate = createLocator(src);
  const slots = new Map<number, Slot>();
  let pos = 0;

  const fail: (message: string, at?: number) => never = (message, at = pos) => {
    const position: TemplatePosition = locate(at);
    throw new TemplateError("invalid_json", `${message} at ${formatPosition(position)}`, position);
  };
  const describeHere = (): string => (pos >= src.length ? "Unexpected end of JSON" : `Unexpected ${JSON.stringify(src[pos])}`);

  const skipWhitespace = () => {
    while (src[pos] === " " || src[pos] === "\t" || src[pos] === "\n" || src[pos] === "\r") pos++;
  };

  const takePlaceholder = (slot: Slot): boolean => {
    const placeholder = placeholders.get(pos);
    if (!placeholder) return false;
    slots.set(pos, slot);
    pos = placeholder.end;
    return true;
  };

  const expect = (char: string, what: string) => {
    if (src[pos] !== char) fail(`${describeHere()}; expected ${what}`);
    pos++;
  };

  const scanString = () => {
    const start = pos;
    pos++;
    for (;;) {
      if (takePlaceholder("string")) continue;
      const char = src[pos];
      if (char === undefined) fail("Unterminated string", start);
      else if (char === '"') {
        pos++;
        return;
      } else if (char === "\\") {
        const escaped = src[pos + 1];
        if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) pos += 2;
        else if (escaped === "u" && /^[0-9A-Fa-f]{4}$/.test(src.slice(pos + 2, pos + 6))) pos += 6;
        else fail("Invalid escape in a string");
      } else if (char < " ") fail("Unescaped control character in a string");
      else pos++;
    }
  };

  const scanNumber = () => {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = pos;
    if (!match.exec(src)) fail(describeHere());
    pos = match.lastIndex;
  };

  const scanValue = (depth: number) => {
    if (takePlaceholder("value")) return;
    const char = src[pos];
    if (char === "{") scanObject(depth + 1);
    else if (char === "[") scanArray(depth + 1);
    else if (char === '"') scanString();
    else if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) scanNumber();
    else {
      const literal = ["true", "false", "null"].find((word) => src.startsWith(word, pos));
      if (!literal) fail(describeHere());
      pos += literal.length;
    }
  };

  const scanMembers = (close: string, depth: number, scanMember: () => void) => {
    if (depth > MAX_DEPTH) fail(`JSON nested deeper than ${MAX_DEPTH} levels`);
    pos++;
    skipWhitespace();
    if (src[pos] === close) {
      pos++;
      return;
    }
    for (;;) {
      skipWhitespace();
      scanMember();
      skipWhitespace();
      if (src[pos] === ",") pos++;
      else {
        expect(close, `"," or "${close}"`);
        return;
      }
    }
  };

  const scanObject = (depth: number) =>
    scanMembers("}", depth, () => {
      if (placeholders.has(pos)) fail('A placeholder used as a key must be inside quotes, as in "{{name}}"');
      if (src[pos] !== '"') fail(`${describeHere()}; expected a quoted key`);
      scanString();
      skipWhitespace();
      expect(":", '":"');
      skipWhitespace();
      if (format === "form" && depth === 1 && !placeholders.has(pos) && (src[pos] === "{" || src[pos] === "[")) {
        fail("A form field must be a string, number, boolean or null, not an object or array");
      }
      scanValue(depth);
    });

  const scanArray = (depth: number) => scanMembers("]", depth, () => scanValue(depth));

  skipWhitespace();
  if (format === "form" && (src[pos] !== "{" || placeholders.has(pos))) fail("A form body must be a JSON object");
  scanValue(0);
  skipWhitespace();
  if (pos < src.length) fail(`${describeHere()} after the JSON value`);
  return slots;
}
