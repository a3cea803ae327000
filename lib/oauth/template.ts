/**
 * `{{name}}` templates (CONTRACT.md, "Templates"): parsing, name checks, and rendering into URLs and
 * headers. JSON bodies have their own, structure-aware renderer in json-template.ts.
 */

export type TemplateValue = string | number | boolean | null;
/** Values by placeholder name; `undefined` (or an absent key) means the name has no value. */
export type TemplateValues = Record<string, TemplateValue | undefined>;

export type TemplateErrorCode = "missing_value" | "invalid_json" | "invalid_syntax" | "unsafe_value" | "invalid_url";

export interface TemplatePosition {
  /** 1-based; 0 when the problem is not tied to a spot in a template (e.g. Basic credentials). */
  line: number;
  column: number;
}

/** A template problem and where it stands. Its message names placeholders, never their values. */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
  readonly code: TemplateErrorCode;
  /** The placeholder's name, when the problem is about one. */
  readonly placeholder: string | undefined;
  readonly line: number;
  readonly column: number;

  constructor(code: TemplateErrorCode, message: string, position: TemplatePosition, placeholder?: string) {
    super(message);
    this.code = code;
    this.placeholder = placeholder;
    this.line = position.line;
    this.column = position.column;
  }
}

/** A save-time finding, ready to go into a 422's details. */
export interface TemplateIssue {
  code: "invalid_syntax" | "invalid_json" | "unknown_name";
  name?: string;
  line: number;
  column: number;
  message: string;
}

export interface Placeholder extends TemplatePosition {
  name: string;
  /** Offset of the opening `{{` in the template. */
  offset: number;
  /** Offset just past the closing `}}`. */
  end: number;
}

export type TemplatePart = { kind: "text"; text: string; offset: number } | ({ kind: "placeholder" } & Placeholder);

const PLACEHOLDER = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*\}\}/y;

/** Returns a function that turns an offset in `src` into a 1-based line and column. */
export function createLocator(src: string): (offset: number) => TemplatePosition {
  const lineStarts = [0];
  for (let i = src.indexOf("\n"); i !== -1; i = src.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}

export function formatPosition({ line, column }: TemplatePosition): string {
  return `line ${line}, column ${column}`;
}

/** Splits a template into literal text and placeholders; throws an `invalid_syntax` TemplateError on malformed braces. */
export function parseTemplate(src: string): TemplatePart[] {
  const locate = createLocator(src);
  const parts: TemplatePart[] = [];
  let textStart = 0;
  for (let open = src.indexOf("{{"); open !== -1; open = src.indexOf("{{", textStart)) {
    // In "{{{x}}}" the outer braces are literal text around "{{x}}".
    while (src[open + 2] === "{") open++;
    PLACEHOLDER.lastIndex = open;
    const match = PLACEHOLDER.exec(src);
    if (!match) throw syntaxError(src, open, locate(open));
    if (open > textStart) parts.push({ kind: "text", text: src.slice(textStart, open), offset: textStart });
    parts.push({ kind: "placeholder", name: match[1]!, offset: open, end: PLACEHOLDER.lastIndex, ...locate(open) });
    textStart = PLACEHOLDER.lastIndex;
  }
  if (textStart < src.length) parts.push({ kind: "text", text: src.slice(textStart), offset: textStart });
  return parts;
}

function syntaxError(src: string, open: number, position: TemplatePosition): TemplateError {
  const close = src.indexOf("}}", open + 2);
  const at = formatPosition(position);
  if (close === -1) return new TemplateError("invalid_syntax", `"{{" at ${at} is never closed with "}}"`, position);
  if (src.slice(open + 2, close).trim() === "") {
    return new TemplateError("invalid_syntax", `Empty placeholder "{{}}" at ${at}`, position);
  }
  return new TemplateError(
    "invalid_syntax",
    `Invalid placeholder at ${at}: a name starts with a letter or "_" and holds only letters, digits, "_", "." and "-"`,
    position,
  );
}

export function placeholdersOf(parts: TemplatePart[]): Placeholder[] {
  return parts.filter((part): part is TemplatePart & { kind: "placeholder" } => part.kind === "placeholder");
}

/** Every placeholder of a template, in order, with its position. */
export function listTemplateNames(src: string): { name: string; offset: number; line: number; column: number }[] {
  return placeholdersOf(parseTemplate(src)).map(({ name, offset, line, column }) => ({ name, offset, line, column }));
}

export function usesTemplateName(src: string, name: string): boolean {
  return listTemplateNames(src).some((placeholder) => placeholder.name === name);
}

/** The first syntax problem of a template, or null when its braces are well formed. */
export function validateTemplateSyntax(src: string): TemplateIssue | null {
  try {
    parseTemplate(src);
    return null;
  } catch (error) {
    if (error instanceof TemplateError) return issueFromError(error);
    throw error;
  }
}

/** Save-time check: a syntax problem, or every placeholder whose name is not allowed. */
export function checkTemplateNames(src: string, allowedNames: Iterable<string>): TemplateIssue[] {
  const syntaxIssue = validateTemplateSyntax(src);
  if (syntaxIssue) return [syntaxIssue];
  const allowed = new Set(allowedNames);
  return listTemplateNames(src)
    .filter(({ name }) => !allowed.has(name))
    .map(({ name, line, column }) => ({
      code: "unknown_name",
      name,
      line,
      column,
      message: `Unknown name "${name}" at ${formatPosition({ line, column })}`,
    }));
}

/** A grammar error (from parseTemplate or the JSON check) as a save-time issue. */
export function issueFromError(error: TemplateError): TemplateIssue {
  const code = error.code === "invalid_json" ? "invalid_json" : "invalid_syntax";
  return { code, line: error.line, column: error.column, message: error.message };
}

/** A placeholder's value; a missing name is an error, never an empty string. */
export function valueFor(values: TemplateValues, placeholder: Placeholder): TemplateValue {
  // Object.hasOwn keeps names like "constructor" from reaching Object.prototype.
  const value = Object.hasOwn(values, placeholder.name) ? values[placeholder.name] : undefined;
  if (value === undefined) {
    throw new TemplateError(
      "missing_value",
      `No value for "{{${placeholder.name}}}" at ${formatPosition(placeholder)}`,
      placeholder,
      placeholder.name,
    );
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new TemplateError(
      "unsafe_value",
      `The value for "{{${placeholder.name}}}" at ${formatPosition(placeholder)} is not a finite number`,
      placeholder,
      placeholder.name,
    );
  }
  return value;
}

/** A placeholder's value as text; null has no textual form, so it counts as missing. */
export function textValueFor(values: TemplateValues, placeholder: Placeholder): string {
  const value = valueFor(values, placeholder);
  if (value === null) {
    throw new TemplateError(
      "missing_value",
      `The value for "{{${placeholder.name}}}" at ${formatPosition(placeholder)} is null`,
      placeholder,
      placeholder.name,
    );
  }
  return String(value);
}

function renderText(src: string, insert: (placeholder: Placeholder) => string): string {
  return parseTemplate(src)
    .map((part) => (part.kind === "text" ? part.text : insert(part)))
    .join("");
}

/** Renders a URL template: each value is percent-encoded, the literal text is kept as written. */
export function renderUrlTemplate(src: string, values: TemplateValues): string {
  return renderText(src, (placeholder) => {
    try {
      return encodeURIComponent(textValueFor(values, placeholder));
    } catch (error) {
      // encodeURIComponent throws URIError on lone surrogates.
      if (!(error instanceof URIError)) throw error;
      throw new TemplateError(
        "unsafe_value",
        `The value for "{{${placeholder.name}}}" at ${formatPosition(placeholder)} is not well-formed Unicode`,
        placeholder,
        placeholder.name,
      );
    }
  });
}

/** Renders a URL template that must give an absolute http(s) URL (authorize, token and refresh URLs). */
export function renderHttpUrlTemplate(src: string, values: TemplateValues): string {
  const rendered = renderUrlTemplate(src, values);
  const protocol = URL.parse(rendered)?.protocol;
  if (protocol !== "http:" && protocol !== "https:") {
    throw new TemplateError("invalid_url", "The rendered URL is not an absolute http or https URL", {
      line: 1,
      column: 1,
    });
  }
  return rendered;
}

/** Renders a header value template; values are inserted raw but may not carry CR, LF or NUL. */
export function renderHeaderTemplate(src: string, values: TemplateValues): string {
  return renderText(src, (placeholder) => {
    const text = textValueFor(values, placeholder);
    if (/[\r\n\0]/.test(text)) {
      throw new TemplateError(
        "unsafe_value",
        `The value for "{{${placeholder.name}}}" at ${formatPosition(placeholder)} contains a line break or NUL, which could inject a header`,
        placeholder,
        placeholder.name,
      );
    }
    return text;
  });
}

/** Renders a plain-text template (an API body that is not JSON): values are inserted as they are. */
export function renderTextTemplate(src: string, values: TemplateValues): string {
  return renderText(src, (placeholder) => textValueFor(values, placeholder));
}
