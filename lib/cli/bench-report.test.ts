import { describe, expect, it } from "vitest";
import { budgetTable, firstLoadFiles, meetsTarget, pageScripts, quantile, summariseRounds } from "./bench-report";

describe("the benchmark's arithmetic", () => {
  it("summarises rounds as min, median and max", () => {
    expect(summariseRounds([30, 10, 20])).toEqual({ min: 10, median: 20, max: 30 });
    expect(summariseRounds([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(summariseRounds([])).toEqual({ min: 0, median: 0, max: 0 });
  });

  it("takes quantiles by nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBe(0);
  });

  it("judges floors and ceilings, and leaves unmeasured rows undecided", () => {
    expect(meetsTarget({ name: "ratio", measured: 0.61, unit: "×", target: 0.6, atLeast: true })).toBe(true);
    expect(meetsTarget({ name: "ratio", measured: 0.59, unit: "×", target: 0.6, atLeast: true })).toBe(false);
    expect(meetsTarget({ name: "p50", measured: 2.5, unit: "ms", target: 2 })).toBe(false);
    expect(meetsTarget({ name: "p50", measured: null, unit: "ms", target: 2 })).toBeNull();
    const table = budgetTable([
      { name: "ratio", measured: 0.61, unit: "×", target: 0.6, atLeast: true },
      { name: "cold start", measured: null, unit: "s", target: 15, note: "no build" },
    ]);
    expect(table).toContain("| ratio | 0.61 × | ≥ 0.6 × | ✓ |");
    expect(table).toContain("| cold start | n/a (no build) | ≤ 15 s | – |");
  });

  it("counts each first-load chunk once", () => {
    expect(firstLoadFiles(["a.js", "b.js"], { layout: ["c.js"], page: ["c.js", "d.js", "a.js"] })).toEqual(["a.js", "b.js", "c.js", "d.js"]);
  });

  it("finds the scripts a served page loads, and skips JSON data", () => {
    const html =
      '<head><script src="/_next/a.js" async=""></script></head><body><script nonce="n">self.x=1</script>' +
      '<script id="__NEXT_DATA__" type="application/json">{"props":{}}</script><script>  </script></body>';
    expect(pageScripts(html)).toEqual({ sources: ["/_next/a.js"], inline: ["self.x=1"] });
    expect(pageScripts("<main><form method=post></form></main>")).toEqual({ sources: [], inline: [] });
  });
});
