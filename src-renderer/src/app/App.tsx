import { createHashRouter, NavLink, Outlet, RouterProvider } from 'react-router';
import { BookScreen } from '../book/BookScreen';
import { NewBookScreen } from '../generation/NewBookScreen';
import { OfflineBanner } from '../generation/OfflineBanner';
import { LibraryScreen } from '../library/LibraryScreen';
import { useProfile } from '../library/library-queries';
import { CharactersScreen } from '../characters/CharactersScreen';
import { FamilyScreen } from '../family/FamilyScreen';
import { GrownUpsOnly } from '../family/GrownUpsOnly';
import { ReaderScreen } from '../reader/ReaderScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { ReviewScreen } from '../review/ReviewScreen';
import { SyncIndicator } from '../sync/SyncIndicator';
import { UpdateBanner } from '../updates/UpdateBanner';
import { SproutIcon } from './icons';
import { ThemeContext, useTheme, useThemeChoice } from './use-theme';

function Layout() {
  const profile = useProfile();
  const { theme, toggle } = useTheme();
  const isParent = profile.data?.member.role === 'parent-admin';
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">
          <SproutIcon /> StorySprout
        </h1>
        <nav aria-label="Main" className="main-nav">
          <NavLink to="/" end>
            Library
          </NavLink>
          <NavLink to="/new">Make a book</NavLink>
          <NavLink to="/characters">Characters</NavLink>
          <NavLink to="/family">Family</NavLink>
          {isParent && <NavLink to="/review">Review</NavLink>}
          {isParent && <NavLink to="/settings">Settings</NavLink>}
        </nav>
        <div className="header-end">
          <SyncIndicator isParent={isParent} />
          {profile.data && (
            <p className="who">
              {profile.data.family.name} · <strong>{profile.data.member.displayName}</strong>
            </p>
          )}
          <button type="button" className="theme-switch" aria-pressed={theme === 'dark'} onClick={toggle}>
            Dark
          </button>
        </div>
      </header>
      <main className="app-main">
        <OfflineBanner />
        <UpdateBanner />
        <Outlet />
      </main>
    </div>
  );
}

// Hash routes: the same addresses work under storysprout:// in Electron and in the browser host.
const router = createHashRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <LibraryScreen /> },
      { path: 'new', element: <NewBookScreen /> },
      { path: 'books/:bookId', element: <BookScreen /> },
      { path: 'characters', element: <CharactersScreen /> },
      { path: 'family', element: <FamilyScreen /> },
      {
        path: 'review',
        element: (
          <GrownUpsOnly>
            <ReviewScreen />
          </GrownUpsOnly>
        ),
      },
      {
        path: 'settings',
        element: (
          <GrownUpsOnly>
            <SettingsScreen />
          </GrownUpsOnly>
        ),
      },
    ],
  },
  // The reader has the whole window: no header, nothing else to press.
  { path: 'books/:bookId/read', element: <ReaderScreen /> },
]);

export function App() {
  const theme = useThemeChoice();
  return (
    <ThemeContext value={theme}>
      <RouterProvider router={router} />
    </ThemeContext>
  );
}
