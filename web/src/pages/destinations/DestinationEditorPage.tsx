// PLACEHOLDER: replaced by the page's implementation.
export default function DestinationEditorPage() {
  return null;
}
