"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useCurrentPath } from "./use-current-path";
import { cn } from "./cn";

type Tone = "success" | "error" | "info";
interface Toast {
  id: number;
  tone: Tone;
  message: string;
  /** The page it was raised on. */
  pathname: string;
}

interface ToastApi {
  show(message: string, tone?: Tone): void;
  success(message: string): void;
  error(message: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  // A toast belongs to the page it was raised on: it does not follow the user elsewhere (onto a consent page, say).
  const pathname = useCurrentPath();
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (message: string, tone: Tone = "info") => {
      const id = Date.now() + Math.random();
      setToasts((all) => [...all.slice(-3), { id, tone, message, pathname }]);
      setTimeout(() => dismiss(id), tone === "error" ? 8000 : 4000);
    },
    [dismiss, pathname],
  );
  const api = useMemo<ToastApi>(
    () => ({ show, success: (m) => show(m, "success"), error: (m) => show(m, "error") }),
    [show],
  );
  return (
    <ToastContext.Provider value={api}>
      {children}
      {/* Above a page's sticky action bar (it sets --toast-offset), so a toast never covers Save or Discard. */}
      <div
        data-toast-region
        aria-live="polite"
        style={{ bottom: "var(--toast-offset, 1rem)" }}
        className="pointer-events-none fixed inset-x-0 z-50 flex flex-col items-center gap-2 px-4 sm:items-end"
      >
        {toasts
          .filter((toast) => toast.pathname === pathname)
          .map((toast) => (
          <div
            key={toast.id}
            role={toast.tone === "error" ? "alert" : "status"}
            className={cn(
              "pointer-events-auto flex max-w-sm items-start gap-3 rounded-md px-4 py-3 text-sm shadow-lg ring-1",
              toast.tone === "success" && "bg-emerald-50 text-emerald-900 ring-emerald-200",
              toast.tone === "error" && "bg-red-50 text-red-900 ring-red-200",
              toast.tone === "info" && "bg-white text-slate-900 ring-slate-200",
            )}
          >
            <span className="flex-1">{toast.message}</span>
            <button type="button" aria-label="Dismiss" onClick={() => dismiss(toast.id)} className="text-current/60 hover:text-current">
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs a ToastProvider above it");
  return api;
}
