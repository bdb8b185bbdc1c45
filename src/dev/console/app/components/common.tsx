/**
 * Small pieces every page uses: status badges, JSON blocks, error messages, tabs, copy buttons.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { ExecutionStatus } from '../api.js';
import { executionStatusText, prettyJson, STATE_STATUS_TEXT } from '../format.js';
import type { StateStatus } from '../model/execution-model.js';

const STATE_ICON: Readonly<Record<StateStatus, string>> = {
  succeeded: '✓',
  retried: '↻',
  caught: '!',
  failed: '✕',
  running: '●',
  aborted: '■',
  'not-reached': '○',
};

/** The icon drawn for a state status (beside its text, never instead of it). */
export function stateIcon(status: StateStatus): string {
  return STATE_ICON[status];
}

/** An execution's status as a coloured badge. */
export function ExecutionBadge({ status }: { status: ExecutionStatus }) {
  return (
    <span class={`badge badge-${status.toLowerCase().replace('_', '-')}`} data-status={status}>
      {executionStatusText(status)}
    </span>
  );
}

/** A state's status as a coloured badge. */
export function StateBadge({ status }: { status: StateStatus }) {
  return (
    <span class={`badge state-${status}`} data-status={status}>
      <span aria-hidden="true">{STATE_ICON[status]} </span>
      {STATE_STATUS_TEXT[status]}
    </span>
  );
}

/** Text to copy to the clipboard, with a button that says when it did. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <button type="button" class="button-link" onClick={copy} aria-label={label}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
/** Larger texts are shown without colours. */
const HIGHLIGHT_LIMIT = 200_000;

/** JSON, indented and coloured (keys, strings, numbers, literals). */
export function JsonBlock({ text, label }: { text: string | undefined; label: string }) {
  if (text === undefined) return <p class="muted">None.</p>;
  const pretty = prettyJson(text);
  return (
    <section class="json-block" aria-label={label}>
      <div class="json-tools">
        <CopyButton text={pretty} label={`Copy ${label}`} />
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached with the keyboard */}
      <pre class="json" tabIndex={0}>
        {pretty.length > HIGHLIGHT_LIMIT ? pretty : highlight(pretty)}
      </pre>
    </section>
  );
}

function highlight(text: string): (string | JSX.Element)[] {
  const parts: (string | JSX.Element)[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    const [whole, string, colon, literal, number] = match;
    if (string !== undefined) {
      parts.push(<span class={colon === undefined ? 'j-string' : 'j-key'}>{string}</span>);
      if (colon !== undefined) parts.push(colon);
    } else if (literal !== undefined) parts.push(<span class="j-literal">{literal}</span>);
    else if (number !== undefined) parts.push(<span class="j-number">{number}</span>);
    last = at + whole.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** A failed request, as a message in the page. */
export function ErrorMessage({ error, title = 'The request failed' }: { error: Error; title?: string }) {
  return (
    <div class="alert alert-error" role="alert">
      <strong>{title}</strong>
      <span class="alert-detail">
        {error.name}: {error.message}
      </span>
    </div>
  );
}

/** One tab of {@link Tabs}. */
export interface Tab {
  readonly id: string;
  readonly label: ComponentChildren;
}

/**
 * Tabs with the keyboard behaviour of the WAI-ARIA tabs pattern: the arrow keys, Home and End move
 * between tabs, Tab goes into the panel.
 */
export function Tabs(props: {
  tabs: readonly Tab[];
  selected: string;
  onSelect: (id: string) => void;
  label: string;
  idPrefix: string;
  children: ComponentChildren;
}) {
  const list = useRef<HTMLDivElement>(null);
  const { tabs, selected, onSelect, idPrefix } = props;
  const keyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === selected);
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const tab = tabs[(to + tabs.length) % tabs.length];
    if (tab === undefined) return;
    onSelect(tab.id);
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`#${idPrefix}-tab-${tab.id}`)?.focus());
  };
  return (
    <div class="tabs">
      <div class="tab-list" role="tablist" aria-label={props.label} ref={list} onKeyDown={keyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab.id}`}
            aria-selected={tab.id === selected}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={tab.id === selected ? 0 : -1}
            class="tab"
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div class="tab-panel" role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${selected}`}>
        {props.children}
      </div>
    </div>
  );
}

/** A table with a caption for assistive technology and a header row of `columns`. */
export function Table(props: {
  caption: string;
  columns: readonly ComponentChildren[];
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <table class={`table ${props.class ?? ''}`}>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((column, index) => (
            <th key={index} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

/** A label and its value, in a description list. */
export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
