import { zodIssues, type IssueDetail } from "@/lib/errors";
import { createAppDefinitionSchema, type AppDefinition, type AppDefinitionInput } from "@/lib/schemas/app-definition";
import { createBrowserUrlCheck, type PublicUrlPolicy } from "./browser-url-policy";

export type ImportCheck =
  | { ok: true; definition: AppDefinition }
  | {
      ok: false;
      message: string;
      issues: IssueDetail[];
      /** Set when the JSON has the definition's shape and only breaks rules the form can show and fix. */
      loadable?: AppDefinitionInput;
    };

// Problems with values the form can hold; a wrong type or an unknown field cannot be shown in it.
const LOADABLE_ISSUE_CODES = new Set(["custom", "too_small", "too_big", "invalid_format"]);

/** Checks pasted or uploaded JSON as the server would, with the browser's URL check. */
export function checkImportedDefinition(text: string, policy: PublicUrlPolicy): ImportCheck {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `This is not valid JSON: ${error instanceof Error ? error.message : "it does not parse"}`, issues: [] };
  }
  const result = createAppDefinitionSchema({ checkUrl: createBrowserUrlCheck(policy) }).safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  const issues = zodIssues(result.error);
  const isLoadable = result.error.issues.every((issue) => LOADABLE_ISSUE_CODES.has(issue.code));
  return {
    ok: false,
    message: `This definition has ${issues.length === 1 ? "a problem" : `${issues.length} problems`}`,
    issues,
    loadable: isLoadable ? (input as AppDefinitionInput) : undefined,
  };
}
