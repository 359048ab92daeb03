/** The last read of the workbook failed: what is shown is the last register read (« lecture reportée »). */
import * as React from "react";
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { Snapshot } from "../functions/source";
import { inSeconds } from "./text";

export function ReadStatus({ snap }: { snap: Snapshot }): React.ReactElement | null {
  if (!snap.readError || !snap.register) return null;
  const retry = snap.retryInMs !== undefined ? ` Nouvel essai automatique ${inSeconds(snap.retryInMs)}.` : "";
  return (
    <MessageBar intent="warning" role="status">
      <MessageBarBody>
        <MessageBarTitle>Lecture reportée</MessageBarTitle>
        Les chiffres affichés sont ceux de la dernière lecture réussie du registre. {snap.readError}
        {retry}
      </MessageBarBody>
    </MessageBar>
  );
}
