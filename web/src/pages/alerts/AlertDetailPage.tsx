// PLACEHOLDER: replaced by the page's implementation.
export default function AlertDetailPage() {
  return null;
}
