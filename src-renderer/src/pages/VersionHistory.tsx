import type { PageVersionView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { StoredPicture } from '../bridge/stored-picture';
import { usePageVersions, useRestoreVersion } from './page-queries';

const REASON: Record<string, string> = {
  created: 'Started',
  generated: 'Written by StorySprout',
  edit: 'Edited',
  restore: 'Brought back',
  redrawn: 'New picture',
};

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Every earlier state of a page's words; bringing one back is itself a version, so it can be undone too. */
export function VersionHistory(props: { pageId: string; currentText: string; beforeRestore(): Promise<void>; onRestored(text: string): void }) {
  const { pageId, currentText } = props;
  const versions = usePageVersions(pageId);
  const restore = useRestoreVersion();
  if (versions.error) return <ErrorNote error={versions.error} />;
  if (!versions.data) return <p aria-live="polite">Finding earlier versions…</p>;
  return (
    <div className="stack">
      {restore.error && <ErrorNote error={restore.error} />}
      <ol className="version-list" aria-label="Earlier versions">
        {versions.data.map((version: PageVersionView) => (
          <li key={version.id} className="version">
            <p className="version-meta">
              <strong>
                {REASON[version.reason] ?? version.reason} · version {version.versionNumber}
              </strong>{' '}
              <time dateTime={version.createdAt}>{when.format(new Date(version.createdAt))}</time>
            </p>
            <div className="version-body">
              {version.imageAssetSha256 && <StoredPicture sha256={version.imageAssetSha256} alt={`Picture in version ${version.versionNumber}`} />}
              <p className="version-text">{version.text || <em>No words</em>}</p>
            </div>
            {version.text !== currentText && (
              <button
                type="button"
                onClick={async () => {
                  // Words still waiting to be saved are saved first, so they become a version too
                  // and cannot land on top of the one brought back.
                  await props.beforeRestore();
                  restore.mutate({ versionId: version.id }, { onSuccess: (page) => props.onRestored(page.text) });
                }}
                disabled={restore.isPending}
                aria-label={`Bring back version ${version.versionNumber}`}
              >
                Bring back
              </button>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
