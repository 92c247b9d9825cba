import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app/App';
import { releaseAssetsWhenForgotten } from './bridge/stored-picture';
import { useBridgeEvents } from './bridge/use-bridge-events';
import './app/fonts.css';
import './app/styles.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});
releaseAssetsWhenForgotten(queryClient);

function Root() {
  useBridgeEvents(queryClient);
  return <App />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
);
