import { Link } from 'react-router';
import { useSyncStatus } from './sync-queries';
import { syncStateWords } from './sync-words';

/**
 * The family sync's state in the header, for everyone at the computer; a grown-up can follow it
 * to the Family sync settings. The title shows a long problem in full. Not a live region: it
 * changes with every edit, which a screen reader would otherwise read out each time.
 */
export function SyncIndicator({ isParent }: { isParent: boolean }) {
  const status = useSyncStatus();
  if (!status.data) return null;
  const words = syncStateWords(status.data);
  if (!words && !isParent) return null;
  const text = words ?? 'Not syncing';
  const className = `sync-indicator sync-${status.data.state}`;
  return isParent ? (
    <Link to="/settings" className={className} title={text}>
      {text}
    </Link>
  ) : (
    <p className={className} title={text}>
      {text}
    </p>
  );
}
