// A button that copies a value (e.g. a request id) to the clipboard and says so.
import { useState } from 'react';

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <>
      <button
        type="button"
        className="copy-button"
        aria-label={label}
        title={label}
        onClick={() => {
          // Clipboard access can be refused (no focus, a policy): say so instead of pretending.
          navigator.clipboard.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        Copy
      </button>
      {copied !== null && (
        <span role="status" className="muted small">
          {copied ? 'Copied' : 'Could not copy'}
        </span>
      )}
    </>
  );
}
