import { SCOPE_DESCRIPTIONS, type Scope } from '@latchkey/keys';

export const describeScope = (scope: string): string => SCOPE_DESCRIPTIONS[scope as Scope] ?? scope;

/** What an integration may do, in plain words, one line per scope (the scope name small beside it). */
export function ScopeList({ scopes }: { scopes: string[] }) {
  return (
    <ul className="scope-list">
      {scopes.map((s) => (
        <li key={s}>
          <span className={`scope-kind ${s.endsWith(':write') ? 'scope-write' : 'scope-read'}`}>
            {s.endsWith(':write') ? 'Write' : 'Read'}
          </span>
          <span>
            {describeScope(s)} <code className="scope-code">{s}</code>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ScopeChips({ scopes }: { scopes: string[] }) {
  return (
    <ul className="chips" aria-label="Scopes">
      {scopes.map((s) => (
        <li key={s} className="chip" title={describeScope(s)}>
          {s}
        </li>
      ))}
    </ul>
  );
}
