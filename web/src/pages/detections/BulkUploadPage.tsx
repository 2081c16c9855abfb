// /settings/bulk-uploader/: uploads a panther-analysis zip of rules, policies, globals and data
// models in one go and shows what it added and changed. The API checks every file before it
// saves any, so a failed upload changes nothing and its message names the bad file.
import { Alert, Anchor, Button, FileInput, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileZip, IconUpload } from '@tabler/icons-react';
import { useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../components/format';
import { ErrorState, PageHeader } from '../../components/states';
import { useApiMutation } from '../../graphql/api';
import type { UploadDetectionsResponse } from '../../graphql/schema';
import { urls } from '../../urls';
import { uploadDetectionsMutation } from './queries';
import { checkPack, readAsBase64 } from './upload';

const kinds: { label: string; total: keyof UploadDetectionsResponse; created: keyof UploadDetectionsResponse; modified: keyof UploadDetectionsResponse }[] = [
  { label: 'Rules', total: 'totalRules', created: 'newRules', modified: 'modifiedRules' },
  { label: 'Policies', total: 'totalPolicies', created: 'newPolicies', modified: 'modifiedPolicies' },
  { label: 'Global modules', total: 'totalGlobals', created: 'newGlobals', modified: 'modifiedGlobals' },
  { label: 'Data models', total: 'totalDataModels', created: 'newDataModels', modified: 'modifiedDataModels' },
];

function Counts({ counts }: { counts: UploadDetectionsResponse }) {
  return (
    <Stack component="section" aria-labelledby="upload-results-title" gap="xs">
      <Title order={2} size="h3" id="upload-results-title">
        Upload results
      </Title>
      <ScrollArea type="auto">
        <Table miw={420} aria-labelledby="upload-results-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Total</Table.Th>
              <Table.Th>New</Table.Th>
              <Table.Th>Modified</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {kinds.map((k) => (
              <Table.Tr key={k.label}>
                <Table.Th scope="row">{k.label}</Table.Th>
                <Table.Td>{counts[k.total]}</Table.Td>
                <Table.Td>{counts[k.created]}</Table.Td>
                <Table.Td>{counts[k.modified]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Anchor component={Link} to={urls.detections()}>
        Go to the detections
      </Anchor>
    </Stack>
  );
}

export default function BulkUploadPage() {
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [dragging, setDragging] = useState(false);

  const upload = useApiMutation(uploadDetectionsMutation, [['detections'], ['rule']], {
    onSuccess: (data) =>
      notifications.show({
        color: 'green',
        title: 'Analysis pack uploaded',
        message: `${data.uploadDetections.newRules} new and ${data.uploadDetections.modifiedRules} modified rules.`,
      }),
    onError: (error) => notifications.show({ color: 'red', title: 'The analysis pack was not uploaded', message: errorMessage(error) }),
  });

  const choose = (f: File | null) => {
    setFile(f);
    upload.reset();
    setProblem(f ? checkPack(f) : null);
  };

  const send = async () => {
    if (!file) {
      setProblem('Analysis pack: choose a .zip file first, or drop one on the area above.');
      return;
    }
    const bad = checkPack(file);
    if (bad) {
      setProblem(bad);
      return;
    }
    setReading(true);
    try {
      const data = await readAsBase64(file);
      upload.mutate({ input: { data } });
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setReading(false);
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) choose(dropped);
  };

  return (
    <>
      <PageHeader
        title="Bulk upload"
        description="Upload a zip of a panther-analysis pack: its rules, policies, global modules and data models are added or updated at once."
      />
      <Stack maw={720}>
        <Paper
          withBorder
          p="xl"
          data-testid="drop-zone"
          onDragOver={(e: DragEvent<HTMLDivElement>) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          style={{
            borderStyle: 'dashed',
            borderWidth: 2,
            borderColor: dragging ? 'var(--mantine-primary-color-filled)' : undefined,
            background: dragging ? 'var(--mantine-primary-color-light)' : undefined,
          }}
        >
          <Stack align="center" gap="sm">
            <IconFileZip size={40} stroke={1.5} aria-hidden />
            <Text ta="center">Drop the .zip here, or choose it below.</Text>
            <FileInput
              label="Analysis pack (.zip)"
              placeholder="Choose a .zip file"
              accept=".zip,application/zip,application/x-zip-compressed"
              value={file}
              onChange={choose}
              error={problem}
              clearable
              w="100%"
              maw={420}
            />
          </Stack>
        </Paper>
        <Group>
          <Button leftSection={<IconUpload size={16} />} onClick={() => void send()} loading={reading || upload.isPending}>
            Upload
          </Button>
        </Group>
        {upload.isError && <ErrorState title="The analysis pack was not uploaded" error={upload.error} onRetry={() => void send()} />}
        {upload.isSuccess && (
          <Alert color="green" title="Upload complete">
            {file?.name} was uploaded.
          </Alert>
        )}
        {upload.data && <Counts counts={upload.data.uploadDetections} />}
      </Stack>
    </>
  );
}
