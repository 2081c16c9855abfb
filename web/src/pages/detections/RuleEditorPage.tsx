// PLACEHOLDER: replaced by the page's implementation.
export default function RuleEditorPage() {
  return null;
}
