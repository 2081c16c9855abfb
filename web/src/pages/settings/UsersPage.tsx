// PLACEHOLDER: replaced by the page's implementation.
export default function UsersPage() {
  return null;
}
