import { describe, expect, it } from "vitest";
import { formatLocalDateTime, formatRelative } from "./format-time";

describe("times as people read them", () => {
  it("formats a time in the viewer's zone, named, with or without seconds (and does not throw)", () => {
    const date = new Date("2026-11-29T14:05:09Z");
    expect(formatLocalDateTime(date)).toMatch(/2026/);
    expect(formatLocalDateTime(date, true)).toMatch(/09/);
  });

  it("says how far a time is from now in the largest unit that fits", () => {
    const now = Date.parse("2026-11-29T14:00:00Z");
    expect(formatRelative(new Date(now - 3 * 60_000), now)).toBe("3 minutes ago");
    expect(formatRelative(new Date(now + 2_000), now)).toBe("just now");
  });
});
