"use client";

import { listTemplateNames, renderUrlTemplate } from "@/lib/oauth/template";

type Preview = { ok: true; url: string; params: [string, string][]; addsPkce: boolean } | { ok: false; message: string };

const sampleFor = (name: string) => `<${name}>`;

/** The link URL rendered as Gatehouse would, with every placeholder filled with a sample such as `<client_id>`. */
function renderPreview(linkUrl: string, pkce: boolean): Preview {
  try {
    const names = listTemplateNames(linkUrl).map((placeholder) => placeholder.name);
    const url = renderUrlTemplate(linkUrl, Object.fromEntries(names.map((name) => [name, sampleFor(name)])));
    if (!URL.canParse(url)) return { ok: false, message: "The preview appears once the link URL is an absolute URL." };
    return {
      ok: true,
      url,
      params: [...new URL(url).searchParams.entries()],
      // As the contract says: Gatehouse adds the challenge unless the template places it itself.
      addsPkce: pkce && !names.includes("code_challenge"),
    };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : "The link URL cannot be rendered" };
  }
}

export function AuthorizeUrlPreview({ linkUrl, pkce }: { linkUrl: string; pkce: boolean }) {
  if (!linkUrl.trim()) return null;
  const preview = renderPreview(linkUrl, pkce);
  return (
    <div role="group" aria-label="Authorize URL preview" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm">
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Authorize URL preview</p>
      {!preview.ok ? (
        <p className="mt-1 text-slate-600">{preview.message}</p>
      ) : (
        <>
          <p className="mt-1 break-all font-mono text-xs text-slate-700">{preview.url}</p>
          {(preview.params.length > 0 || preview.addsPkce) && (
            <dl className="mt-2 grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-0.5 font-mono text-xs">
              {preview.params.map(([name, value], index) => (
                <div key={`${name}-${index}`} className="contents">
                  <dt className="break-all text-slate-500">{name}</dt>
                  <dd className={`break-all ${/^<.+>$/.test(value) ? "text-brand-700" : "text-slate-800"}`}>{value}</dd>
                </div>
              ))}
              {preview.addsPkce && (
                <>
                  <dt className="text-slate-500">code_challenge</dt>
                  <dd className="text-brand-700">&lt;added by Gatehouse&gt;</dd>
                  <dt className="text-slate-500">code_challenge_method</dt>
                  <dd className="text-slate-800">S256</dd>
                </>
              )}
            </dl>
          )}
        </>
      )}
    </div>
  );
}
