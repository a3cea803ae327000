"use client";

import { Controller, useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { CardBody } from "@/components/ui/card";
import { Input, Select, Textarea } from "@/components/ui/input";
import { BUILT_IN_NAMES } from "@/lib/oauth/config";
import { OAUTH_FIELD_LABELS as LABELS, type AppFormValues } from "./app-form-model";
import { AuthorizeUrlPreview } from "./authorize-url-preview";
import { ExtractionTester } from "./extraction-tester";
import { Checkbox, FieldGroup, FormField, type AppFieldPath } from "./form-field";
import { findRedirectUriMismatch } from "./form-warnings";
import { LogoPreview } from "./logo-preview";
import { SectionCard } from "./section-card";

const mono = "font-mono text-[13px]";

const EXTRACTION_HINTS = {
  authCodePath: "In the callback's query, e.g. $.code",
  accessTokenPath: "In the token response, e.g. $.access_token",
  refreshTokenPath: "In the token response, e.g. $.refresh_token",
} as const;

export function OAuthConfigCard({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { register, control } = useFormContext<AppFormValues>();
  const prefix = `oauthConfigs.${index}` as const;
  const config = useWatch({ control, name: prefix });
  const settings = useWatch({ control, name: "settings" });
  const appName = useWatch({ control, name: "name" });
  const hasBasicCredentials = ["client_id", "client_secret"].every((key) => settings.some((setting) => setting.key === key));

  const label = config.name || String(index + 1);
  const redirectUriWarning = findRedirectUriMismatch(config.linkUrl, config.requestBody);

  return (
    <SectionCard
      title={`OAuth config ${label}`}
      actions={
        <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" onClick={onRemove} aria-label={`Remove OAuth config ${label}`}>
          Remove
        </Button>
      }
    >
      <CardBody className="space-y-6">
        <p className="text-xs leading-relaxed text-slate-500">
          Templates may use{" "}
          {[...new Set([...settings.map((setting) => setting.key), ...BUILT_IN_NAMES])].map((name) => (
            <code key={name} className="mr-1 inline-block rounded bg-slate-100 px-1 font-mono text-[12px] text-slate-700">
              {`{{${name}}}`}
            </code>
          ))}
        </p>
        <FormField name={`${prefix}.name`} label={LABELS.name} hint="Part of the connect URL: /connect/{installation}/{name}" className="sm:max-w-sm">
          <Input autoComplete="off" spellCheck={false} className={mono} {...register(`${prefix}.name`)} />
        </FormField>

        {/* The platform's fields in its own order; what Gatehouse adds is under Advanced. */}
        <FieldGroup title="Authorization" description="Where users are sent to allow access.">
          <FormField name={`${prefix}.linkUrl`} label={LABELS.linkUrl} hint="The provider's authorize URL with {{client_id}}, {{redirect_uri}} and {{state}}">
            <Textarea rows={3} className="break-all" placeholder="https://provider.example/authorize?client_id={{client_id}}&…" {...register(`${prefix}.linkUrl`)} />
          </FormField>
          <AuthorizeUrlPreview linkUrl={config.linkUrl} pkce={config.pkce} />
        </FieldGroup>

        <FieldGroup title="Extraction" description="JSONPaths: the auth code is read from the callback's query, the tokens from the token response.">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {(["authCodePath", "accessTokenPath", "refreshTokenPath"] as const).map((field) => (
              <FormField key={field} name={`${prefix}.${field}`} label={LABELS[field]} hint={EXTRACTION_HINTS[field]}>
                <Input autoComplete="off" spellCheck={false} className={mono} {...register(`${prefix}.${field}`)} />
              </FormField>
            ))}
          </div>
          <ExtractionTester paths={config} />
        </FieldGroup>

        <FieldGroup title="Variables" description="The user-level settings that receive each user's tokens.">
          <div className="grid gap-4 sm:grid-cols-2">
            <VariableSelect name={`${prefix}.accessTokenVariable`} label={LABELS.accessTokenVariable} hint="Receives each user's access token" />
            <VariableSelect name={`${prefix}.refreshTokenVariable`} label={LABELS.refreshTokenVariable} hint="Receives each user's refresh token" />
          </div>
        </FieldGroup>

        <FieldGroup title="Token requests" description="How the auth code is traded for tokens, and how an expired access token is renewed.">
          <FormField
            name={`${prefix}.requestBody`}
            label={LABELS.requestBody}
            hint={'A JSON template: "{{auth_code}}" inside quotes inserts text, a bare {{client_id}} inserts a JSON value. The body format (Advanced) decides how it is sent.'}
          >
            <Textarea rows={4} placeholder='{"grant_type": "authorization_code", "code": "{{auth_code}}"}' {...register(`${prefix}.requestBody`)} />
          </FormField>
          {redirectUriWarning && (
            <p role="note" aria-label="Request body warning" className="-mt-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
              {redirectUriWarning}
            </p>
          )}
          <FormField name={`${prefix}.refreshTokenUrl`} label={LABELS.refreshTokenUrl} hint="Optional: empty uses the token url">
            <Input autoComplete="off" spellCheck={false} className={mono} {...register(`${prefix}.refreshTokenUrl`)} />
          </FormField>
          <FormField name={`${prefix}.tokenUrl`} label={LABELS.tokenUrl} hint="Where the auth code is traded for tokens">
            <Input autoComplete="off" spellCheck={false} className={mono} placeholder="https://provider.example/oauth/token" {...register(`${prefix}.tokenUrl`)} />
          </FormField>
          <FormField name={`${prefix}.refreshTokenBody`} label={LABELS.refreshTokenBody} hint="Optional JSON template, sent in the body format (Advanced); empty sends a standard refresh body">
            <Textarea rows={3} placeholder='{"grant_type": "refresh_token", "refresh_token": {{refresh_token}}}' {...register(`${prefix}.refreshTokenBody`)} />
          </FormField>
        </FieldGroup>

        <FieldGroup title="Branding" description="Shown on the page where users allow access.">
          <div className="grid items-start gap-4 sm:grid-cols-2">
            <FormField name={`${prefix}.logoUrl`} label={LABELS.logoUrl} hint="Optional">
              <Input autoComplete="off" spellCheck={false} className={mono} placeholder="https://provider.example/logo.png" {...register(`${prefix}.logoUrl`)} />
            </FormField>
            <LogoPreview url={config.logoUrl} appName={appName} />
          </div>
        </FieldGroup>

        <FieldGroup title="Advanced" description="Body format, client authentication, PKCE, expiry, issuer checks, revocation and granted scopes.">
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField name={`${prefix}.requestFormat`} label={LABELS.requestFormat} hint="How the request and refresh bodies are sent">
              <Select {...register(`${prefix}.requestFormat`)}>
                <option value="form">form (application/x-www-form-urlencoded)</option>
                <option value="json">json (application/json)</option>
              </Select>
            </FormField>
            <FormField
              name={`${prefix}.clientAuthentication`}
              label={LABELS.clientAuthentication}
              hint={
                config.clientAuthentication === "basic" && !hasBasicCredentials
                  ? "HTTP Basic is built from the client_id and client_secret settings, which this app does not have yet."
                  : "Where the client credentials go in token requests"
              }
            >
              <Select {...register(`${prefix}.clientAuthentication`)}>
                <option value="body">body (credentials in the request body)</option>
                <option value="basic">basic (HTTP Basic header)</option>
              </Select>
            </FormField>
          </div>
          <Checkbox
            label={LABELS.pkce}
            hint="Gatehouse adds code_challenge (S256) to the link and code_verifier to the token request, unless your templates place them."
            {...register(`${prefix}.pkce`)}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField name={`${prefix}.expiresInPath`} label={LABELS.expiresInPath} hint="Optional JSONPath into the token response">
              <Input autoComplete="off" spellCheck={false} className={mono} {...register(`${prefix}.expiresInPath`)} />
            </FormField>
            <FormField name={`${prefix}.scopePath`} label={LABELS.scopePath} hint="Where the token response says which scopes were granted; empty reads $.scope">
              <Input autoComplete="off" spellCheck={false} className={mono} placeholder="$.scope" {...register(`${prefix}.scopePath`)} />
            </FormField>
          </div>
          <FormField name={`${prefix}.issuer`} label={LABELS.issuer} hint="RFC 9207: a callback whose iss differs is refused before any token request">
            <Input autoComplete="off" spellCheck={false} className={mono} placeholder="https://login.provider.example" {...register(`${prefix}.issuer`)} />
          </FormField>
          <Checkbox label={LABELS.requireIss} hint="Refuse a callback that carries no iss parameter (needs the issuer)." {...register(`${prefix}.requireIss`)} />
          <FormField name={`${prefix}.revokeUrl`} label={LABELS.revokeUrl} hint="RFC 7009: disconnect, uninstall and member removal revoke the grant here first">
            <Input autoComplete="off" spellCheck={false} className={mono} placeholder="https://provider.example/oauth/revoke" {...register(`${prefix}.revokeUrl`)} />
          </FormField>
          <FormField name={`${prefix}.revokeBody`} label={LABELS.revokeBody} hint="Optional JSON template; {{token}}, {{token_type_hint}}, {{access_token}} and {{refresh_token}} are available">
            <Textarea rows={2} placeholder='{"token": {{token}}, "token_type_hint": {{token_type_hint}}}' {...register(`${prefix}.revokeBody`)} />
          </FormField>
        </FieldGroup>
      </CardBody>
    </SectionCard>
  );
}

/**
 * A token variable: one of the user-level settings. A value that is not one (after an import, or when a
 * setting's level changed) stays selected and visible, so that its error makes sense.
 */
function VariableSelect({ name, label, hint }: { name: AppFieldPath; label: string; hint: string }) {
  const { control } = useFormContext<AppFormValues>();
  const settings = useWatch({ control, name: "settings" });
  const userKeys = settings.filter((setting) => setting.level === "user").map((setting) => setting.key);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => {
        const value = typeof field.value === "string" ? field.value : "";
        const stray = value && !userKeys.includes(value) ? settings.find((setting) => setting.key === value) : undefined;
        return (
          <FormField name={name} label={label} hint={userKeys.length === 0 ? "Add a user-level setting for the token first" : hint}>
            <Select ref={field.ref} name={field.name} value={value} onChange={field.onChange} onBlur={field.onBlur}>
              {(!value || userKeys.length === 0) && <option value="">{userKeys.length === 0 ? "No user-level settings" : "Choose a setting"}</option>}
              {userKeys.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
              {value && !userKeys.includes(value) && (
                <option value={value}>
                  {value} ({stray ? `${stray.level} level` : "not a setting"})
                </option>
              )}
            </Select>
          </FormField>
        );
      }}
    />
  );
}
