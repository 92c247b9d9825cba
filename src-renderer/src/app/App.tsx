import { SproutIcon } from './icons';
import { LibraryScreen } from '../library/LibraryScreen';
import { useProfile } from '../library/library-queries';

export function App() {
  const profile = useProfile();
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">
          <SproutIcon /> StorySprout
        </h1>
        {profile.data && (
          <p className="who">
            {profile.data.family.name} · <strong>{profile.data.member.displayName}</strong>
          </p>
        )}
      </header>
      <main className="app-main">
        <LibraryScreen />
      </main>
    </div>
  );
}
