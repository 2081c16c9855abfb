// Log sources: the S3 buckets Panther reads logs from, their health, and the way to add,
// edit, check and delete them.
import { Button, Modal, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import { EmptyState, ErrorState, Loading, PageHeader } from '../../components/states';
import { errorMessage } from '../../components/format';
import { urls } from '../../urls';
import { ConfirmDelete } from './ConfirmDelete';
import { HealthReport } from './HealthReport';
import { SourcesTable } from './SourcesTable';
import { deleteLogIntegration, keys, listLogIntegrations, type S3Source } from './sourcesApi';

function AddButton() {
  return (
    <Button component={Link} to={urls.newS3Source()} leftSection={<IconPlus size={16} />}>
      Add log source
    </Button>
  );
}

export default function LogSourcesPage() {
  const query = useApiQuery(keys.sources, listLogIntegrations);
  const [checking, setChecking] = useState<S3Source | null>(null);
  const [deleting, setDeleting] = useState<S3Source | null>(null);
  const remove = useApiMutation(deleteLogIntegration, [keys.sources], {
    onSuccess: (_data, { input }) => {
      const label = deleting?.integrationId === input.integrationId ? deleting.integrationLabel : 'The source';
      notifications.show({ color: 'green', title: 'Log source deleted', message: `${label} is no longer read.` });
      setDeleting(null);
    },
    onError: (error) => {
      notifications.show({ color: 'red', title: 'The log source was not deleted', message: errorMessage(error) });
    },
  });

  const sources = query.data?.listLogIntegrations ?? [];
  const description = 'Panther reads logs from your S3 buckets: each source names a bucket and the log types under its prefixes.';

  return (
    <>
      <PageHeader title="Log sources" description={description} actions={sources.length > 0 && <AddButton />} />
      {query.isPending ? (
        <Loading label="Loading log sources…" />
      ) : query.isError ? (
        <ErrorState title="The log sources could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
      ) : sources.length === 0 ? (
        <EmptyState title="No log sources yet" action={<AddButton />}>
          Panther reads logs from S3 buckets. Add a source for a bucket, tell Panther which log types its prefixes hold,
          and new objects are parsed and analysed as they arrive.
        </EmptyState>
      ) : (
        <SourcesTable
          sources={sources}
          onCheckHealth={setChecking}
          onDelete={(source) => {
            remove.reset();
            setDeleting(source);
          }}
        />
      )}

      <Modal
        opened={checking != null}
        onClose={() => setChecking(null)}
        title={checking ? `Health of ${checking.integrationLabel}` : ''}
        size="lg"
      >
        {checking && <HealthReport integrationId={checking.integrationId} />}
      </Modal>

      <ConfirmDelete
        opened={deleting != null}
        title={deleting ? `Delete ${deleting.integrationLabel}?` : ''}
        confirmLabel="Delete log source"
        busy={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ input: { integrationId: deleting.integrationId } })}
      >
        Panther stops reading s3://{deleting?.s3Bucket}. Events it already processed stay searchable.
        {deleting?.managedBucketNotifications && (
          <Text span size="sm"> The bucket notifications Panther manages for it are removed.</Text>
        )}
      </ConfirmDelete>
    </>
  );
}
