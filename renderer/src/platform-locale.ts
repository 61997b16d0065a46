// Imported first by main.tsx, before any module that reads the platform's language at load time
// (see installPlatformLocale): ES modules run in import order. The UI's own text is English
// (index.html says lang="en"); only numbers and dates follow the reader's locale.
import { installPlatformLocale } from './locale';

installPlatformLocale();
