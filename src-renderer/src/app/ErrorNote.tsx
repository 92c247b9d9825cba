/**
 * What went wrong, as the core said it. `calm` for what is no one's mistake and needs no action
 * now (billing not set up on the server, say): a quiet notice rather than an alert.
 */
export function ErrorNote({ error, calm = false }: { error: unknown; calm?: boolean }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <p role={calm ? 'status' : 'alert'} className={calm ? 'notice' : 'error-note'}>
      {message}
    </p>
  );
}
