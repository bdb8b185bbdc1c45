/**
 * The console's frame: the top bar and the page the URL's fragment names.
 */
import { useEffect } from 'preact/hooks';
import { type Route, useRoute } from './router.js';
import { ExecutionPage } from './views/ExecutionPage.js';
import { StateMachinePage } from './views/StateMachinePage.js';
import { StateMachinesPage } from './views/StateMachinesPage.js';

/** The whole console. */
export function App() {
  const route = useRoute();
  useEffect(() => {
    document.title = `${title(route)} · Stepstone`;
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [route]);
  return (
    <>
      <button type="button" class="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="topbar">
        <a class="brand" href="#/">
          <span class="brand-mark" aria-hidden="true">
            ◆
          </span>
          Stepstone <span class="brand-sub">local Step Functions</span>
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={route.page === 'state-machines' ? 'page' : undefined}>
            State machines
          </a>
        </nav>
        <span class="endpoint" title="The endpoint the AWS CLI and SDKs use">
          {location.host}
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'state-machines':
      return <StateMachinesPage />;
    case 'state-machine':
      return <StateMachinePage arn={route.arn} tab={route.tab} />;
    case 'execution':
      return <ExecutionPage arn={route.arn} />;
    case 'not-found':
      return (
        <div class="card empty">
          <h1>Nothing here</h1>
          <p>
            The console has no page <code>{route.path}</code>. <a href="#/">Back to the state machines</a>.
          </p>
        </div>
      );
    default: {
      const never: never = route;
      return never;
    }
  }
}

function title(route: Route): string {
  switch (route.page) {
    case 'state-machines':
      return 'State machines';
    case 'state-machine':
      return route.arn.split(':').slice(6).join(':');
    case 'execution':
      return route.arn.split(':').slice(6).join(':');
    case 'not-found':
      return 'Not found';
    default: {
      const never: never = route;
      return never;
    }
  }
}
