/** The data-quality issues; choosing one selects its cell in the workbook. */
import * as React from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import type { Issue } from "../register/types";
import { issueText, plural, SEVERITY_ORDER } from "./text";
import { useSectionStyles } from "./styles";

/** Issues shown at most (the others are counted). */
export const MAX_ISSUES_SHOWN = 200;

const useStyles = makeStyles({
  list: { listStyleType: "none", padding: 0, margin: 0, display: "flex", flexDirection: "column", rowGap: "2px" },
  issue: { justifyContent: "flex-start", textAlign: "left", width: "100%", fontWeight: tokens.fontWeightRegular, height: "auto", paddingTop: "4px", paddingBottom: "4px" },
});

export interface IssuesListProps {
  issues: Issue[];
  onSelect: (i: Issue) => void;
  headingRef?: React.Ref<HTMLHeadingElement>;
}

export function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export function IssuesList({ issues, onSelect, headingRef }: IssuesListProps): React.ReactElement {
  const s = useStyles();
  const c = useSectionStyles();
  const sorted = sortIssues(issues);
  const shown = sorted.slice(0, MAX_ISSUES_SHOWN);
  return (
    <section className={c.section} aria-labelledby="spaser-issues">
      <h2 id="spaser-issues" className={c.h2} ref={headingRef} tabIndex={-1}>
        Anomalies de saisie ({issues.length.toLocaleString("fr-FR")})
      </h2>
      {issues.length === 0 ? (
        <p className={c.p}>Aucune anomalie : toutes les cellules lues sont conformes.</p>
      ) : (
        <>
          <p className={c.p}>Choisissez une anomalie pour sélectionner sa cellule dans le classeur.</p>
          <ul className={s.list} aria-labelledby="spaser-issues">
            {shown.map((i, k) => (
              <li key={k}>
                <Button appearance="subtle" className={s.issue} onClick={() => onSelect(i)} disabled={!i.cell}>
                  {issueText(i)}
                </Button>
              </li>
            ))}
          </ul>
          {sorted.length > shown.length && <p className={c.p}>… et {plural(sorted.length - shown.length, "autre anomalie", "autres anomalies")} (corrigez les premières puis actualisez).</p>}
        </>
      )}
    </section>
  );
}
