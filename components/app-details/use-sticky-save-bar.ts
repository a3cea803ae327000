"use client";

import { useEffect, type RefObject } from "react";

const GAP = 16;

/**
 * Keeps the sticky Save bar from hiding what the user works on (WCAG 2.4.11): the page's scroll padding
 * leaves room for it, a field focused behind it (by Tab, or by a failed save) is scrolled above it, and
 * toasts are lifted to sit above it rather than on its buttons.
 */
export function useStickySaveBar(barRef: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const bar = barRef.current;
    if (!bar) return;
    const root = document.documentElement;
    const header = document.querySelector<HTMLElement>("header.sticky");
    const apply = () => {
      const reserved = bar.offsetHeight + GAP * 2;
      root.style.scrollPaddingBottom = `${reserved}px`;
      root.style.scrollPaddingTop = `${(header?.offsetHeight ?? 0) + GAP}px`;
      root.style.setProperty("--toast-offset", `${reserved}px`);
    };
    apply();
    const observer = new ResizeObserver(apply);
    observer.observe(bar);

    const onFocusIn = (event: FocusEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLElement) || bar.contains(target)) return;
      // Wait for the browser's own scroll-into-view, then move further only if the bar still covers the field.
      requestAnimationFrame(() => {
        const field = target.getBoundingClientRect();
        const barTop = bar.getBoundingClientRect().top;
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
