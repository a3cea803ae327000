import { z } from "zod";
import { apiSchema, appDefinitionSchema, checkAppDefinition } from "@/lib/schemas/app-definition";
import { createBrowserUrlCheck, type PublicUrlPolicy } from "./browser-url-policy";
import { toFormPath } from "./form-issue-paths";
import { toDefinition, type AppFormValues } from "./form-values";

// The form's schema: the shared definition schema with the headers swapped for rows, plus the cross-field
// rules of checkAppDefinition with the browser's URL check, their paths moved onto the form's fields.

const headersRecord = apiSchema.shape.headers.unwrap();
const headerRowSchema = z.object({ name: headersRecord.keyType, value: headersRecord.valueType });
const apiFormSchema = apiSchema.omit({ headers: true }).extend({ headers: z.array(headerRowSchema) });
// The shared schema carries its cross-field refinement, which zod will not let .omit() copy; its shape can.
const appFormShape = z.object(appDefinitionSchema.shape).omit({ apis: true }).extend({ apis: z.array(apiFormSchema) });

export function createAppFormSchema(policy: PublicUrlPolicy) {
  const checkUrl = createBrowserUrlCheck(policy);
  return appFormShape.superRefine((values, context) => {
    values.apis.forEach((api, apiIndex) => {
      const seen = new Set<string>();
      api.headers.forEach((row, rowIndex) => {
        const name = row.name.toLowerCase();
        if (name && seen.has(name)) {
          context.addIssue({ code: "custom", path: ["apis", apiIndex, "headers", rowIndex, "name"], message: `The header "${row.name}" is set twice` });
        }
        seen.add(name);
      });
    });
    // The parsed values differ from the raw ones only in trimmed text and blanks made undefined, which toDefinition takes.
    for (const issue of checkAppDefinition(toDefinition(values as AppFormValues), { checkUrl })) {
      context.addIssue({ code: "custom", path: toFormPath(issue.path, values), message: issue.message });
    }
  });
}
