import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../test/render';
import { lazyPage } from './lazyPage';

const answer = () => {
  throw new Error('no API call expected');
};

function Hello() {
  return <h1>Hello page</h1>;
}

describe('lazyPage', () => {
  it('shows the loading state until the chunk arrives, then the page', async () => {
    let arrive: (m: { default: typeof Hello }) => void = () => undefined;
    const page = lazyPage(() => new Promise((resolve) => (arrive = resolve)));
    renderPage(<page.Component />, { answer });
    expect(screen.queryByRole('heading', { name: 'Hello page' })).toBeNull();
    arrive({ default: Hello });
    expect(await screen.findByRole('heading', { name: 'Hello page' })).toBeTruthy();
  });

  it('renders a preloaded page in its first render and loads a chunk once', async () => {
    let loads = 0;
    const page = lazyPage(async () => {
      loads++;
      return { default: Hello };
    });
    await Promise.all([page.preload(), page.preload()]);
    renderPage(<page.Component />, { answer });
    // Synchronous: no wait between the render and the heading.
    expect(screen.getByRole('heading', { name: 'Hello page' })).toBeTruthy();
    expect(loads).toBe(1);
  });

  it('says so when the chunk cannot be loaded, offering a reload', async () => {
    const page = lazyPage(() => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    renderPage(<page.Component />, { answer });
    expect((await screen.findByRole('alert')).textContent).toContain('This page could not be loaded');
    expect(screen.getByText('Failed to fetch dynamically imported module')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
