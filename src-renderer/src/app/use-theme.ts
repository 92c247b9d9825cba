import { createContext, useContext, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'storysprout.theme';

const systemTheme = (): Theme => (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

/**
 * Light or dark: the computer's setting until someone picks one here, then that pick, remembered
 * by this window (it is about this screen, not the family's library).
 */
export function useThemeChoice() {
  const [picked, setPicked] = useState<Theme | null>(() => {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : null;
  });
  const [system, setSystem] = useState<Theme>(systemTheme);

  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => setSystem(systemTheme());
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);

  useEffect(() => {
    if (picked) {
      document.documentElement.dataset.theme = picked;
      localStorage.setItem(STORAGE_KEY, picked);
    } else {
      delete document.documentElement.dataset.theme;
    }
  }, [picked]);

  const theme = picked ?? system;
  return { theme, toggle: () => setPicked(theme === 'dark' ? 'light' : 'dark') };
}

export const ThemeContext = createContext<ReturnType<typeof useThemeChoice> | null>(null);

/** The theme chosen for the whole window (kept by App, so the reader follows it too). */
export function useTheme() {
  const choice = useContext(ThemeContext);
  if (!choice) throw new Error('useTheme is used outside the app');
  return choice;
}
