// /detections/new/ creates a rule; /detections/rules/:id/ and …/edit/ load and edit one. The
// same editor serves all three, as the original's rule page opens straight into editing.
import { useParams } from 'react-router';
import { ErrorState, Loading, PageHeader } from '../../components/states';
import { useApiQuery } from '../../graphql/api';
import { keys, ruleQuery } from './queries';
import { RuleForm } from './RuleForm';
import { emptyRule, fromRule } from './ruleValues';

function EditRule({ id }: { id: string }) {
  const rule = useApiQuery(keys.rule(id), ruleQuery, { input: { id } });
  if (rule.isPending) return <Loading label="Loading the rule…" />;
  if (rule.isError) {
    return (
      <>
        <PageHeader title={id} />
        <ErrorState title="The rule could not be loaded" error={rule.error} onRetry={() => void rule.refetch()} />
      </>
    );
  }
  // Keyed by ID, not version: a refetch after saving must not reset what is being edited.
  return <RuleForm key={id} initial={fromRule(rule.data.rule)} title={rule.data.rule.displayName || rule.data.rule.id} editing />;
}

export default function RuleEditorPage() {
  const { id } = useParams();
  return id ? <EditRule id={id} /> : <RuleForm key="new" initial={emptyRule()} title="New rule" editing={false} />;
}
