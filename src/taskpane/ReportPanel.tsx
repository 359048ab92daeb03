/**
 * « Rapport annuel »: the annual report of the SPASER (SPEC §10) for the year, step and entity
 * chosen, opened in an Office dialog where it can be printed or saved as PDF through the
 * browser's print.
 */
import * as React from "react";
import { Button, MessageBar, MessageBarBody, Spinner } from "@fluentui/react-components";
import type { Results } from "../indicators/types";
import type { Register } from "../register/types";
import { paneReport } from "../report/pane";
import pkg from "../../package.json";
import { useSectionStyles } from "./styles";

export interface ReportPanelProps {
  register: Register;
  results: Results;
  /** The figures of another year (same step and entity), for the yearly charts. */
  resultsOf: (year: number) => Results | null;
  workbookName: string;
  /** Shows the page (an Office dialog in Excel). */
  open: (html: string) => Promise<void>;
  disabled: boolean;
}

export function ReportPanel({ register, results, resultsOf, workbookName, open, disabled }: ReportPanelProps): React.ReactElement {
  const c = useSectionStyles();
  const [running, setRunning] = React.useState(false);
  const [problem, setProblem] = React.useState<string | null>(null);
  const onClick = async () => {
    setRunning(true);
    setProblem(null);
    try {
      await open(await paneReport(register, results, resultsOf, workbookName, pkg.version));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <section className={c.section} aria-labelledby="spaser-report">
      <h2 id="spaser-report" className={c.h2}>
        Rapport annuel
      </h2>
      <p className={c.p}>
        Le rapport {results.year}
        {results.entity ? ` de l'entité « ${results.entity} »` : ""} à publier (art. L2111-3 du code de la commande publique) : cibles, actions, loi Climat,
        comité, qualité des données et méthode. Il s'ouvre dans une fenêtre d'où l'imprimer ou l'enregistrer en PDF.
      </p>
      <Button onClick={() => void onClick()} disabled={disabled || running}>
        Rapport annuel
      </Button>
      {running && <Spinner size="tiny" label="Préparation du rapport…" />}
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
