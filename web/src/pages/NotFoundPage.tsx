import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from '../components/states';
import { urls } from '../urls';

export default function NotFoundPage() {
  return (
    <EmptyState
      title="This page does not exist"
      action={
        <Button component={Link} to={urls.overview()}>
          Go to the overview
        </Button>
      }
    >
      The link may be old, or the item it pointed at was deleted.
    </EmptyState>
  );
}
