import { useEffect, useRef, useState } from 'react';

/**
 * A new key, shown once: monospace, a Copy button with "Copied" feedback, the warning that it will not be
 * shown again, the numbered steps and "Go to <Integration>". The key lives only in the parent's state and
 * is dropped when the dialog closes; it is never logged or stored.
 */
export function KeyReveal({
  secret,
  integrationName,
  connectUrl,
  onDone,
  replacing,
}: {
  secret: string;
  integrationName: string;
  connectUrl: string;
  onDone(): void;
  /** Set when this key replaces an older one (regenerate). */
  replacing?: boolean;
}) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'manual'>('idle');
  const codeRef = useRef<HTMLElement>(null);
  const copyRef = useRef<HTMLButtonElement>(null);

  useEffect(() => copyRef.current?.focus(), []);
  useEffect(() => {
    if (copied !== 'copied') return;
    const t = setTimeout(() => setCopied('idle'), 4000);
    return () => clearTimeout(t);
  }, [copied]);

  function selectKey() {
    const el = codeRef.current;
    if (!el) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('copied');
    } catch {
      // No clipboard permission: select the key so Ctrl/Cmd+C copies it.
      selectKey();
      setCopied('manual');
    }
  }

  return (
    <div className="key-reveal">
      <div className="banner banner-warn" role="note">
        <strong>This is the only time this key is shown.</strong> Copy it now: it will not be shown again. If you lose it, regenerate a new
        one under Settings → API Keys.
      </div>

      <p className="field-label" id="new-key-label">
        API key for {integrationName}
      </p>
      <div className="key-box">
        <code ref={codeRef} className="key-value" data-testid="revealed-key" onFocus={selectKey}>
          {secret}
        </code>
        <button ref={copyRef} type="button" className="button button-primary" onClick={copy} data-testid="copy-key">
          {copied === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="hint" aria-live="polite">
        {copied === 'copied' && 'Copied to your clipboard.'}
        {copied === 'manual' && 'Your browser blocked the clipboard: the key is selected, press Ctrl+C (⌘C on a Mac) to copy it.'}
      </p>

      <h3 className="steps-title">{replacing ? 'Replace the key' : 'Finish connecting'}</h3>
      <ol className="steps">
        <li>Copy the API key above.</li>
        <li>Click “Go to {integrationName}” to open it in a new tab.</li>
        <li>Log in to your {integrationName} account.</li>
        <li>
          {replacing
            ? `Paste the new key where ${integrationName} asks to reconnect.`
            : `Paste the API key where ${integrationName} asks for it.`}
        </li>
        <li>Finish the setup in {integrationName}. The status here changes to Active once it has validated the key.</li>
      </ol>

      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
        <a className="button button-primary" href={connectUrl} target="_blank" rel="noopener noreferrer" data-testid="go-to-integration">
          Go to {integrationName} ↗
        </a>
      </div>
    </div>
  );
}
