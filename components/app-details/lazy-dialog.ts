"use client";

import dynamic from "next/dynamic";
import type { ComponentType } from "react";

/**
 * A dialog whose code is split from the page's first load: it is fetched right after the page has
 * hydrated (the dialog is mounted closed), so it is there by the time anyone opens it, and the page's
 * first-load JavaScript does not carry it. Nothing is rendered for it on the server: it starts closed.
 */
export function lazyDialog<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return dynamic(load, { ssr: false });
}
