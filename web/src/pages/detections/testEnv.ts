// What jsdom lacks that these pages use, beyond the shared test/setup.ts (worth moving there
// for every page): Mantine's autosize Textarea listens on document.fonts, and CodeMirror
// measures text through Range rectangles.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

const emptyRects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
Range.prototype.getClientRects ??= emptyRects;
Range.prototype.getBoundingClientRect ??= () => new DOMRect(0, 0, 0, 0);
