/**
 * The App details form's model, one concern per module: values and their mapping to the definition
 * (form-values), the form's schema (form-schema), labels (form-labels), where settings and configs are used
 * (form-usages), new configs and APIs (form-new-items), issue paths (form-issue-paths) and import (form-import).
 */
export * from "./form-values";
export * from "./form-schema";
export * from "./form-labels";
export * from "./form-usages";
export * from "./form-new-items";
export * from "./form-issue-paths";
export * from "./form-import";
export { listApiParams } from "@/lib/oauth/api-params";
