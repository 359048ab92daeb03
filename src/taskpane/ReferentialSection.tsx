/**
 * The referential the figures follow: the built-in one, or the workbook's « Référentiel » sheet
 * (how many indicators it replaces and adds, and its errors, each selecting its cell); and
 * « Créer un référentiel modifiable », which writes the referential in use as a new sheet the
 * buyer then edits (refused when a sheet of that name exists).
 */
import * as React from "react";
import { Button, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from "@fluentui/react-components";
import type { ReferentialInfo } from "../indicators/types";
import type { Issue } from "../register/types";
import type { RefreshOutcome } from "../excel/refresh";
import { issueText, plural, referentialText } from "./text";
import { useSectionStyles } from "./styles";

const useStyles = makeStyles({
  list: { listStyleType: "none", padding: 0, margin: 0, display: "flex", flexDirection: "column", rowGap: "2px" },
  issue: { justifyContent: "flex-start", textAlign: "left", width: "100%", fontWeight: tokens.fontWeightRegular, height: "auto", paddingTop: "4px", paddingBottom: "4px" },
});

export interface ReferentialSectionProps {
  info: ReferentialInfo;
  /** The issues of the « Référentiel » and « Plan » sheets (already in the list of all issues). */
  issues: Issue[];
  onSelectIssue: (i: Issue) => void;
  onCreate: () => Promise<RefreshOutcome>;
  disabled: boolean;
  onRunning: (running: boolean) => void;
}

export function ReferentialSection({ info, issues, onSelectIssue, onCreate, disabled, onRunning }: ReferentialSectionProps): React.ReactElement {
  const s = useStyles();
  const c = useSectionStyles();
  const [running, setRunning] = React.useState(false);
  const [outcome, setOutcome] = React.useState<RefreshOutcome | null>(null);
  const errors = issues.filter((i) => i.severity === "error");
  const click = async () => {
    setRunning(true);
    onRunning(true);
    setOutcome(null);
    try {
      setOutcome(await onCreate());
    } finally {
      setRunning(false);
      onRunning(false);
    }
  };
  return (
    <section className={c.section} aria-labelledby="spaser-referential">
      <h2 id="spaser-referential" className={c.h2}>
        Référentiel des indicateurs
      </h2>
      <Text data-testid="referential">{referentialText(info)}</Text>
      {info.kind === "classeur" && (info.replaced.length > 0 || info.added.length > 0) && (
        <Text size={200}>
          {info.replaced.length ? `Remplacés : ${info.replaced.join(", ")}.` : ""} {info.added.length ? `Ajoutés : ${info.added.join(", ")}.` : ""}
        </Text>
      )}
      {issues.length > 0 && (
        <>
          <Text>
            {plural(errors.length, "erreur", "erreurs")} dans ces feuilles : l'indicateur de chaque ligne fautive n'est pas calculé. Choisissez une anomalie pour sélectionner sa cellule.
          </Text>
          <ul className={s.list} aria-label="Anomalies du référentiel">
            {issues.map((i, k) => (
              <li key={k}>
                <Button appearance="subtle" className={s.issue} onClick={() => onSelectIssue(i)} disabled={!i.cell}>
                  {issueText(i)}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className={c.p}>
        Pour adapter les indicateurs à votre SPASER (libellés, cibles, définitions, indicateurs ajoutés) et son plan (axes, objectifs, actions), créez les feuilles
        « Référentiel » et « Plan » à partir de ceux en usage, puis modifiez-les : les chiffres et les tableaux de bord suivent à chaque modification.
      </p>
      <Button appearance="secondary" onClick={click} disabled={disabled || running}>
        Créer un référentiel modifiable
      </Button>
      <div aria-live="polite">{running && <Spinner size="tiny" label="Création des feuilles « Référentiel » et « Plan »…" />}</div>
      {outcome && (
        <MessageBar intent={outcome.ok ? "success" : "error"} role={outcome.ok ? "status" : "alert"}>
          <MessageBarBody>{outcome.message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
