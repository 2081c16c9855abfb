// The YAML editor of a custom log schema. CodeMirror is imported only here, so only the
// custom log editor's chunk carries it.
import { Input, useComputedColorScheme } from '@mantine/core';
import { yaml } from '@codemirror/lang-yaml';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useId, useMemo } from 'react';

export function SchemaEditor({
  value,
  onChange,
  error,
  description,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  description?: string;
}) {
  const scheme = useComputedColorScheme('light');
  const descriptionId = useId();
  const extensions = useMemo(
    () => [
      yaml(),
      EditorView.lineWrapping,
      // The editable element is what assistive technology and the e2e suite find by label.
      EditorView.contentAttributes.of({ 'aria-label': 'Schema YAML', 'aria-describedby': descriptionId }),
    ],
    [descriptionId],
  );
  return (
    <Input.Wrapper label="Schema YAML" labelElement="div" description={description} error={error} descriptionProps={{ id: descriptionId }} required>
      <div
        style={{
          border: `1px solid ${error ? 'var(--mantine-color-error)' : 'var(--mantine-color-default-border)'}`,
          borderRadius: 'var(--mantine-radius-default)',
          overflow: 'hidden',
          marginTop: 4,
        }}
      >
        <CodeMirror
          value={value}
          onChange={onChange}
          extensions={extensions}
          theme={scheme === 'dark' ? 'dark' : 'light'}
          minHeight="320px"
          maxHeight="70vh"
          basicSetup={{ foldGutter: true, highlightActiveLine: true }}
          // Tab leaves the editor, so the keyboard is not trapped; indent with spaces.
          indentWithTab={false}
        />
      </div>
    </Input.Wrapper>
  );
}
