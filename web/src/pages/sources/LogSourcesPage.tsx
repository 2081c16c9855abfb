// PLACEHOLDER: replaced by the page's implementation.
export default function LogSourcesPage() {
  return null;
}
