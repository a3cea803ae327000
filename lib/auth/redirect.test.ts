import { describe, expect, it } from "vitest";
import { sameOriginRedirect } from "./options";

const base = "http://localhost:3000";

describe("next-auth's redirect callback", () => {
  it.each([
    "http://localhost:3000@evil.example/",
    "http://localhost:3000.evil.example/",
    "//evil.example",
    "/\\evil.example",
    "https://localhost:3000/",
    "http://localhost:30000/",
    "javascript:alert(1)",
    "http://user:pw@localhost:3000/",
  ])("sends %s to the dashboard", (url) => {
    expect(sameOriginRedirect(url, base)).toBe(base);
  });

  it("keeps relative paths and absolute URLs of this origin", () => {
    expect(sameOriginRedirect("/installations?tab=x", base)).toBe("http://localhost:3000/installations?tab=x");
    expect(sameOriginRedirect("http://localhost:3000/apps/1", base)).toBe("http://localhost:3000/apps/1");
  });
});
