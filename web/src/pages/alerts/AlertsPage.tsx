// PLACEHOLDER: replaced by the page's implementation.
export default function AlertsPage() {
  return null;
}
