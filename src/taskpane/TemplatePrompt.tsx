/** No register in the workbook: why, and « Créer un registre modèle ». */
import * as React from "react";
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from "@fluentui/react-components";

export interface TemplatePromptProps {
  message?: string;
  onCreate: () => void;
  creating: boolean;
  disabled: boolean;
}

export function TemplatePrompt({ message, onCreate, creating, disabled }: TemplatePromptProps): React.ReactElement {
  return (
    <>
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>Aucun registre des marchés</MessageBarTitle>
          {message}
        </MessageBarBody>
      </MessageBar>
      <Button appearance="primary" onClick={onCreate} disabled={disabled}>
        Créer un registre modèle
      </Button>
      {creating && <Spinner size="tiny" label="Création du registre modèle…" />}
    </>
  );
}
