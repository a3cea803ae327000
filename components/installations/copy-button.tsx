"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies a text to the clipboard and says so for a moment. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [hasCopied, setCopied] = useState(false);
  useEffect(() => {
    if (!hasCopied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [hasCopied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // The clipboard API needs a secure context and permission; select the text for a manual copy instead.
      window.prompt("Copy this text:", text);
    }
  };

  return (
    <Button variant="secondary" size="sm" onClick={() => void copy()} aria-live="polite">
      {hasCopied ? "Copied" : label}
    </Button>
  );
}
