// A CodeMirror editor for the rule's Python and the tests' JSON. CodeMirror's content is a
// contenteditable, not an input, so a <label> cannot name it: the name goes on the content
// element as aria-label, and the visible label is plain text above it. Only the rule editor
// imports this file, which keeps CodeMirror in that page's lazy chunk.
import { Input, useComputedColorScheme } from '@mantine/core';
import { json } from '@codemirror/lang-json';
import { python } from '@codemirror/lang-python';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useId, useMemo } from 'react';

export function CodeEditor({
  label,
  language,
  value,
  onChange,
  error,
  description,
  minHeight = '120px',
}: {
  label: string;
  language: 'python' | 'json';
  value: string;
  onChange: (value: string) => void;
  error?: string;
  description?: string;
  minHeight?: string;
}) {
  const scheme = useComputedColorScheme('light');
  const errorId = useId();
  const descriptionId = useId();
  const extensions = useMemo(
    () => [
      language === 'python' ? python() : json(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        'aria-label': label,
        'aria-invalid': error ? 'true' : 'false',
        'aria-describedby': [description ? descriptionId : '', error ? errorId : ''].filter(Boolean).join(' '),
      }),
    ],
    [language, label, error, description, descriptionId, errorId],
  );
  return (
    <Input.Wrapper
      label={label}
      labelElement="div"
      description={description}
      error={error}
      descriptionProps={{ id: descriptionId }}
      errorProps={{ id: errorId }}
    >
      <div
        style={{
          border: `1px solid ${error ? 'var(--mantine-color-error)' : 'var(--mantine-color-default-border)'}`,
          borderRadius: 'var(--mantine-radius-sm)',
          overflow: 'hidden',
          marginTop: 4,
        }}
      >
        <CodeMirror value={value} onChange={onChange} extensions={extensions} theme={scheme} minHeight={minHeight} basicSetup={{ foldGutter: false }} />
      </div>
    </Input.Wrapper>
  );
}
