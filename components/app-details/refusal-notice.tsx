/** Why something the developer asked for was refused (deleting a setting still in use, say), until dismissed. */
export function RefusalNotice({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <div role="alert" className="flex items-start justify-between gap-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
      <p className="min-w-0 break-words">{message}</p>
      <button type="button" className="shrink-0 font-medium underline" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
