export interface ErrorReporting {
  report(error: unknown, context: { method: string; route: string }): void;
  flush(): Promise<void>;
}

/**
 * Unexpected errors to Sentry when SENTRY_DSN is set; nothing otherwise. Only the error and the
 * route pattern are sent: no headers, cookies, bodies or addresses (families' data stays here).
 * Sentry's package is loaded only then: it takes 0.4 s to load, a third of the server's start,
 * which a restarted server under load has not got to spare.
 */
export async function errorReporting(dsn: string | undefined, environment = process.env.NODE_ENV ?? 'development'): Promise<ErrorReporting> {
  if (!dsn) return { report: () => {}, flush: async () => {} };
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn,
    environment,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    defaultIntegrations: false,
    beforeSend(event) {
      delete event.request;
      delete event.user;
      return event;
    },
  });
  return {
    report(error, context) {
      Sentry.withScope((scope) => {
        scope.setTag('route', context.route);
        scope.setTag('method', context.method);
        Sentry.captureException(error);
      });
    },
    flush: async () => void (await Sentry.flush(2000)),
  };
}
