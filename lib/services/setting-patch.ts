import type { SettingValueWrite } from "@/lib/db/setting-values";
import { SECRET_MASK } from "@/lib/schemas/installations";

/**
 * What a settings form's answers change, for the organization's settings and a member's own alike: a
 * secret sent empty or as the mask keeps its stored value (a form sends back what it was shown), an empty
 * value clears one that is stored, and only values that really change are written. A value stored as
 * secret stays secret, whatever a later version says of its setting.
 */
export function planSettingWrites(
  answers: ReadonlyArray<{ key: string; value: string }>,
  current: Record<string, string>,
  isSecret: (key: string) => boolean,
): { writes: SettingValueWrite[]; clearedKeys: string[] } {
  const writes: SettingValueWrite[] = [];
  const clearedKeys: string[] = [];
  for (const { key, value } of answers) {
    const secret = isSecret(key);
    if (secret && (value === "" || value === SECRET_MASK)) continue;
    if (value === "") {
      if (key in current) clearedKeys.push(key);
    } else if (current[key] !== value) {
      writes.push({ key, value, isSecret: secret });
    }
  }
  return { writes, clearedKeys };
}
