/**
 * A part of a page that failed to draw (a value no version of the app expected, synced from
 * elsewhere) says so in its own place, and the rest of the page goes on working: never the whole
 * window replaced by an error. `PageError` is the same for a whole route, inside the app's frame.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';

function PanelFailed({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="panel-failed">
      <p>{t('errors.panel', { detail: error instanceof Error ? error.message : String(error) })}</p>
      <button type="button" className="button button-small" onClick={retry}>
        {t('app.retry')}
      </button>
    </div>
  );
}

export class PanelBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('[rapport] a panel failed to draw:', error, info.componentStack);
  }

  override render() {
    if (this.state.error !== null) return <PanelFailed error={this.state.error} retry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}

/** A route that failed to draw: the header, the status bar and the way home stay. */
export function PageError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <main className="page" role="alert">
      <h1>{t('errors.pageTitle')}</h1>
      <p>{t('errors.page', { detail: error instanceof Error ? error.message : String(error) })}</p>
      <Link className="button" to="/">
        {t('errors.toPortfolio')}
      </Link>
    </main>
  );
}
