// Pages are chunks of their own, loaded on first visit. They are not React.lazy components:
// React holds a Suspense boundary's content back for up to 300 ms after its fallback
// appeared, which on a reload of a list costs more than the chunk itself. A page that has not
// arrived renders the loading state and then itself, as an ordinary state change, and the
// page at the URL is requested beside the app's first render (preload, from main.tsx).
import { useEffect, useState, type ComponentType } from 'react';
import { ErrorState, Loading } from '../components/states';

export interface LazyPage {
  Component: ComponentType;
  /** Starts loading the page's chunk (once) and resolves when it has arrived. */
  preload: () => Promise<unknown>;
}

type PageModule = { default: ComponentType };

export function lazyPage(load: () => Promise<PageModule>): LazyPage {
  let loaded: PageModule | undefined;
  let loading: Promise<PageModule> | undefined;
  const preload = () =>
    (loading ??= load().then((module) => {
      loaded = module;
      return module;
    }));

  function Component() {
    const [module, setModule] = useState(loaded);
    const [failure, setFailure] = useState<{ error: unknown }>();
    useEffect(() => {
      if (module) return;
      let mounted = true;
      preload().then(
        (m) => mounted && setModule(m),
        (error: unknown) => mounted && setFailure({ error }),
      );
      return () => {
        mounted = false;
      };
    }, [module]);
    // A chunk that cannot load (the network, or a new version deployed since this page was
    // opened) says so; reloading fetches the current app.
    if (failure) {
      return <ErrorState title="This page could not be loaded" error={failure.error} onRetry={() => window.location.reload()} />;
    }
    if (!module) return <Loading />;
    const Page = module.default;
    return <Page />;
  }
  return { Component, preload };
}
