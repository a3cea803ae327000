"use client";

import { useEffect, type RefObject } from "react";

const GAP = 16;

/**
 * Keeps the sticky Save bar from hiding what the user works on (WCAG 2.4.11): the page's scroll padding
 * leaves room for it, a field focused behind it (by Tab, or by a failed save) is scrolled above it, and
 * toasts are lifted to sit above it rather than on its buttons.
 */
function topOfToasts(): number {
  let top = Infinity;
  for (const toast of document.querySelectorAll<HTMLElement>("[data-toast-region] > *")) top = Math.min(top, toast.getBoundingClientRect().top);
  return top;
}

export function useStickySaveBar(barRef: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const bar = barRef.current;
    if (!bar) return;
    const root = document.documentElement;
    const header = document.querySelector<HTMLElement>("header.sticky");
    const toastRegion = document.querySelector<HTMLElement>("[data-toast-region]");
    const apply = () => {
      const reserved = bar.offsetHeight + GAP * 2;
      // Toasts stack just above the bar: while any is shown, a field scrolled into view keeps clear of them too.
      const toasts = toastRegion?.offsetHeight ?? 0;
      root.style.scrollPaddingBottom = `${reserved + (toasts > 0 ? toasts + GAP : 0)}px`;
      root.style.scrollPaddingTop = `${(header?.offsetHeight ?? 0) + GAP}px`;
      root.style.setProperty("--toast-offset", `${reserved}px`);
    };
    apply();
    const observer = new ResizeObserver(apply);
    observer.observe(bar);
    if (toastRegion) observer.observe(toastRegion);

    const onFocusIn = (event: FocusEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLElement) || bar.contains(target)) return;
      // Wait for the browser's own scroll-into-view, then move further only if the bar still covers the field.
      requestAnimationFrame(() => {
        const field = target.getBoundingClientRect();
        // Toasts sit just above the bar; on a narrow screen they span the width, so they count as the bar does.
        const barTop = Math.min(bar.getBoundingClientRect().top, topOfToasts());
        const headerBottom = header?.getBoundingClientRect().bottom ?? 0;
        if (field.bottom > barTop - GAP) window.scrollBy({ top: field.bottom - barTop + GAP * 2 });
        else if (field.top < headerBottom + GAP) window.scrollBy({ top: field.top - headerBottom - GAP * 2 });
      });
    };
    document.addEventListener("focusin", onFocusIn);
    return () => {
      observer.disconnect();
      document.removeEventListener("focusin", onFocusIn);
      root.style.removeProperty("scroll-padding-bottom");
      root.style.removeProperty("scroll-padding-top");
      root.style.removeProperty("--toast-offset");
    };
  }, [barRef]);
}
