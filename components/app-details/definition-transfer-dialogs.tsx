"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { AppDefinitionInput } from "@/lib/schemas/app-definition";
import { checkImportedDefinition, type ImportCheck } from "./app-form-model";
import type { PublicUrlPolicy } from "./browser-url-policy";

/** Import and export of the whole app definition as JSON (CONTRACT.md, "App definition, version 1"). */

const fileNameFor = (appName: string) => `${appName.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "app"}.json`;

interface ExportDialogProps {
  open: boolean;
  onClose: () => void;
  json: string;
  appName: string;
  problemCount: number;
  isDirty: boolean;
}

export function ExportDialog({ open, onClose, json, appName, problemCount, isDirty }: ExportDialogProps) {
  const toast = useToast();
  const download = () => {
    const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileNameFor(appName);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(json);
      toast.success("Copied the definition");
    } catch {
      toast.error("The browser refused to copy; select the text and copy it instead");
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Export the definition"
      description="The whole app definition as JSON (contract v1), as the form holds it now. Import it into another app, here or on another Gatehouse."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          <Button variant="secondary" onClick={() => void copy()}>
            Copy
          </Button>
          <Button onClick={download}>Download JSON</Button>
        </>
      }
    >
      <div className="space-y-3">
        {problemCount > 0 && (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            The form has {problemCount === 1 ? "a problem" : `${problemCount} problems`}; this JSON will not import until{" "}
            {problemCount === 1 ? "it is" : "they are"} fixed.
          </p>
        )}
        {isDirty && problemCount === 0 && <p className="text-sm text-slate-600">This includes changes you have not saved yet.</p>}
        <Field label="Definition JSON">
          <Textarea readOnly rows={16} value={json} className="text-xs" />
        </Field>
      </div>
    </Dialog>
  );
}

interface ImportDialogProps {
  open: boolean;
  onClose: () => void;
  urlPolicy: PublicUrlPolicy;
  /** Replaces the form's content; `hasProblems` when the developer chose to load a definition that breaks rules. */
  onImport: (definition: AppDefinitionInput, hasProblems: boolean) => void;
}

const IMPORT_FORM_ID = "import-definition-form";

export function ImportDialog({ open, onClose, urlPolicy, onImport }: ImportDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Import a definition"
      description="Paste or upload an app definition (contract v1). It replaces everything in the form; nothing is saved until you press Save."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={IMPORT_FORM_ID}>
            Import
          </Button>
        </>
      }
    >
      <ImportForm urlPolicy={urlPolicy} onImport={onImport} />
    </Dialog>
  );
}

function ImportForm({ urlPolicy, onImport }: Pick<ImportDialogProps, "urlPolicy" | "onImport">) {
  const [text, setText] = useState("");
  const [check, setCheck] = useState<ImportCheck | null>(null);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    setCheck(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = checkImportedDefinition(text, urlPolicy);
    setCheck(result);
    if (result.ok) onImport(result.definition, false);
  };

  const failure = check && !check.ok ? check : null;
  return (
    <form id={IMPORT_FORM_ID} onSubmit={submit} noValidate className="space-y-4">
      <Field label="JSON file" hint="Or paste the JSON below">
        <Input type="file" accept="application/json,.json" onChange={(event) => void readFile(event.target.files?.[0])} />
      </Field>
      <Field label="Definition JSON" error={failure && failure.issues.length === 0 ? failure.message : undefined}>
        <Textarea
          rows={12}
          className="text-xs"
          value={text}
          placeholder='{"schemaVersion": 1, "name": "…", "settings": [], "oauthConfigs": [], "apis": []}'
          onChange={(event) => {
            setText(event.target.value);
            setCheck(null);
          }}
        />
      </Field>
      {failure && failure.issues.length > 0 && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p className="font-semibold">{failure.message}:</p>
          <ul className="mt-1 max-h-48 space-y-1 overflow-y-auto">
            {failure.issues.map((issue, index) => (
              <li key={index} className="break-words">
                <code className="rounded bg-white/70 px-1 font-mono text-xs">{issue.path || "(the whole definition)"}</code> {issue.message}
              </li>
            ))}
          </ul>
          {failure.loadable && (
            <div className="mt-2 flex flex-wrap items-center gap-2 border-t border-red-200 pt-2">
              <span className="text-xs">Every problem can be fixed in the form.</span>
              <Button size="sm" variant="secondary" onClick={() => onImport(failure.loadable!, true)}>
                Load it into the form anyway
              </Button>
            </div>
          )}
        </div>
      )}
    </form>
  );
}
