// First: takes the host session secret out of the URL before the router reads the hash.
import './api/host-session';
import './platform-locale';
import './zod-config';
// Applies the stored theme choice before the first paint.
import './stores/theme';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { reportRenderError } from './components/report-render-error';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary scope="console" report={reportRenderError}>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
