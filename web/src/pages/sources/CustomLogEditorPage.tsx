// PLACEHOLDER: replaced by the page's implementation.
export default function CustomLogEditorPage() {
  return null;
}
