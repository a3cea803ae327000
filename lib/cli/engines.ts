/**
 * Whether every installed package accepts the Node.js this project promises (package.json `engines`).
 * npm prints EBADENGINE for each package whose `engines.node` excludes the running Node; checking the lockfile
 * against the oldest supported minor of each promised major catches that before anyone installs.
 */

type Version = [number, number, number];

function parseVersion(text: string): Version | null {
  const match = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(text.trim());
  if (!match) return null;
  const part = (value: string | undefined) => (value === undefined || value === "x" || value === "*" ? 0 : Number(value));
  return [Number(match[1]), part(match[2]), part(match[3])];
}

function compare(a: Version, b: Version): number {
  for (let index = 0; index < 3; index++) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return 0;
}

function satisfiesComparator(version: Version, comparator: string): boolean {
  if (comparator === "" || comparator === "*" || comparator === "x") return true;
  const match = /^(>=|<=|>|<|=|\^|~)?\s*(.+)$/.exec(comparator);
  if (!match) return false;
  const bound = parseVersion(match[2]!);
  if (!bound) return false;
  const order = compare(version, bound);
  const given = match[2]!.split(".").filter((part) => /^\d+$/.test(part)).length;
  switch (match[1]) {
    case ">=":
      return order >= 0;
    case ">":
      return order > 0;
    case "<=":
      return order <= 0;
    case "<":
      return order < 0;
    case "^":
      return order >= 0 && version[0] === bound[0];
    case "~":
      return order >= 0 && version[0] === bound[0] && (given < 2 || version[1] === bound[1]);
    default:
      // A bare "20" or "20.19" is an x-range.
      return version[0] === bound[0] && (given < 2 || version[1] === bound[1]) && (given < 3 || version[2] === bound[2]);
  }
}

/** Whether `version` satisfies an npm range of the forms packages use for `engines.node`. */
export function satisfiesRange(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return false;
  return range.split("||").some((alternative) => {
    const comparators = alternative.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1").split(/\s+/);
    return comparators.every((comparator) => satisfiesComparator(parsed, comparator));
  });
}

/** The lowest version of each major the project's range admits, e.g. `^20.19 || >=24` → 20.19.0, 24.0.0. */
export function lowestSupported(range: string): string[] {
  return range.split("||").flatMap((alternative) => {
    const first = alternative.trim().replace(/^(>=|\^|~|=)\s*/, "");
    const version = parseVersion(first);
    return version ? [version.join(".")] : [];
  });
}

export interface EngineMismatch {
  name: string;
  version: string;
  required: string;
  node: string;
}

interface LockPackage {
  version?: string;
  engines?: Record<string, string> | string[];
  optional?: boolean;
}

/** Packages in a lockfile whose `engines.node` excludes one of the given Node versions. */
export function findEngineMismatches(lock: { packages: Record<string, LockPackage> }, nodeVersions: string[]): EngineMismatch[] {
  const mismatches: EngineMismatch[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location === "" || Array.isArray(entry.engines) || !entry.engines?.node) continue;
    // Platform-specific optional builds (wasm, other OSes) are skipped by npm where they cannot run.
    if (entry.optional) continue;
    const name = location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length);
    for (const node of nodeVersions) {
      if (!satisfiesRange(node, entry.engines.node)) mismatches.push({ name, version: entry.version ?? "?", required: entry.engines.node, node });
    }
  }
  return mismatches;
}
