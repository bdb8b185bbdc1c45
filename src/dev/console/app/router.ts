/**
 * The console's pages, in the URL's fragment so that the server serves one page for all of them:
 * `#/` (state machines), `#/state-machines/<arn>/<tab>`, `#/executions/<arn>`.
 */
import { useEffect, useState } from 'preact/hooks';

/** A state machine page's tabs. */
export type StateMachineTab = 'executions' | 'definition' | 'versions' | 'aliases';

/** Where the console is. */
export type Route =
  | { readonly page: 'state-machines' }
  | { readonly page: 'state-machine'; readonly arn: string; readonly tab: StateMachineTab }
  | { readonly page: 'execution'; readonly arn: string }
  | { readonly page: 'not-found'; readonly path: string };

const TABS: readonly StateMachineTab[] = ['executions', 'definition', 'versions', 'aliases'];

/** Reads a fragment (`#/executions/arn%3A…`). */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { page: 'state-machines' };
  const arn = parts[1] === undefined ? undefined : decodeURIComponent(parts[1]);
  if (parts[0] === 'state-machines' && arn !== undefined) {
    const tab = TABS.find((t) => t === parts[2]) ?? 'executions';
    return { page: 'state-machine', arn, tab };
  }
  if (parts[0] === 'executions' && arn !== undefined) return { page: 'execution', arn };
  return { page: 'not-found', path };
}

/** The fragment of a state machine's page. */
export function stateMachineHref(arn: string, tab: StateMachineTab = 'executions'): string {
  return `#/state-machines/${encodeURIComponent(arn)}${tab === 'executions' ? '' : `/${tab}`}`;
}

/** The fragment of an execution's page. */
export function executionHref(arn: string): string {
  return `#/executions/${encodeURIComponent(arn)}`;
}

/** The current route, updated as the fragment changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

/** Goes to a page. */
export function navigate(href: string): void {
  location.hash = href.replace(/^#/, '');
}
