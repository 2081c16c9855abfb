// PLACEHOLDER: replaced by the page's implementation.
export default function DestinationsPage() {
  return null;
}
