import { useTitle as setTitle } from '@latchkey/web-kit/router.tsx';

export { Link, navigate, Redirect, safeNext, usePath } from '@latchkey/web-kit/router.tsx';

/** Sets the document title for the current screen. */
export const useTitle = (title: string, appName = 'Ledgerly'): void => setTitle(title, appName);
