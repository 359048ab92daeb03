/**
 * « Où en est-on ? »: the deployment targets T1 to T6 at a glance — value, target of the current
 * step, status and a bar with the target marked — and the data-quality count. First block of the
 * pane; the register's details come below.
 */
import * as React from "react";
import { Badge, Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import type { IndicatorResult, Results } from "../indicators/types";
import { frPercent } from "../indicators/format";
import { TARGET_IDS } from "../spaser/referential";
import type { Issue } from "../register/types";
import { plural, TARGET_SHORT } from "./text";

const useStyles = makeStyles({
  block: { display: "flex", flexDirection: "column", rowGap: "10px" },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: "10px" },
  row: { display: "grid", gridTemplateColumns: "2.2em 1fr auto", columnGap: "6px", rowGap: "2px", alignItems: "baseline" },
  id: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  label: { overflowWrap: "anywhere", color: tokens.colorNeutralForeground1 },
  value: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, textAlign: "right", whiteSpace: "nowrap" },
  detail: { gridColumn: "2 / 4", display: "flex", columnGap: "8px", alignItems: "center", flexWrap: "wrap", color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  track: { gridColumn: "2 / 4", position: "relative", height: "8px", borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground5, outline: `1px solid ${tokens.colorNeutralStroke1}` },
  fillReached: { position: "absolute", left: 0, top: 0, bottom: 0, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorPaletteGreenBackground3 },
  fillBelow: { position: "absolute", left: 0, top: 0, bottom: 0, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorPaletteMarigoldBackground3 },
  marker: { position: "absolute", top: "-3px", bottom: "-3px", width: "2px", backgroundColor: tokens.colorNeutralForeground1 },
  quality: { justifyContent: "flex-start", textAlign: "left", paddingLeft: 0, minWidth: 0, height: "auto" },
});

function statusColor(r: IndicatorResult): "success" | "warning" | "informative" {
  return r.status === "Atteint" ? "success" : r.status === "En cours" ? "warning" : "informative";
}

/** The bar: the value from 0 to 100 %, a mark at the target. Decorative: the text says it all. */
function Bar({ r }: { r: IndicatorResult }): React.ReactElement | null {
  const s = useStyles();
  if (typeof r.value !== "number") return <div className={s.track} aria-hidden="true" data-bar="vide" />;
  const pct = Math.max(0, Math.min(1, r.value)) * 100;
  const target = r.target !== undefined ? Math.max(0, Math.min(1, r.target)) * 100 : null;
  return (
    <div className={s.track} aria-hidden="true" data-bar={r.status === "Atteint" ? "atteint" : "en-cours"}>
      <div className={r.status === "Atteint" ? s.fillReached : s.fillBelow} style={{ width: `${pct}%` }} />
      {target !== null && <div className={s.marker} style={{ left: `calc(${target}% - 1px)` }} />}
    </div>
  );
}

export interface HeadlineProps {
  results: Results;
  issues: Issue[];
  /** Label of the current step (Paramètres), e.g. "Étape 1". */
  stepLabel: string;
  /** Moves to the list of issues. */
  onShowIssues?: () => void;
}

export function Headline({ results, issues, stepLabel, onShowIssues }: HeadlineProps): React.ReactElement {
  const s = useStyles();
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.filter((i) => i.severity === "warning").length;
  const infos = issues.length - errors - warnings;
  const parts = [plural(errors, "erreur", "erreurs"), plural(warnings, "avertissement", "avertissements"), ...(infos ? [plural(infos, "information", "informations")] : [])];
  const quality = issues.length === 0 ? "Qualité des données : aucune anomalie" : `Qualité des données : ${plural(issues.length, "anomalie", "anomalies")} (${parts.join(", ")})`;
  return (
    <div className={s.block} data-testid="headline">
      <ul className={s.list} aria-label={`Cibles du déploiement, ${results.year}, ${stepLabel}`}>
        {TARGET_IDS.map((id) => {
          const r = results.indicators[id];
          if (!r) return null;
          const value = typeof r.value === "number" ? frPercent(r.value) : "—";
          const target = r.target !== undefined ? frPercent(r.target, 0) : "—";
          const status = r.status ?? "Non renseigné";
          const spoken = `${id}, ${TARGET_SHORT[id]} : ${value}, cible ${target}, ${status}`;
          return (
            <li key={id} className={s.row} aria-label={spoken} data-target={id}>
              <Text className={s.id}>{id}</Text>
              <Text className={s.label} title={r.label}>
                {TARGET_SHORT[id]}
              </Text>
              <Text className={s.value}>{value}</Text>
              <Bar r={r} />
              <div className={s.detail}>
                <span>
                  Cible {target} ({stepLabel.toLowerCase()})
                </span>
                <Badge appearance="tint" color={statusColor(r)} shape="rounded">
                  {status}
                </Badge>
                {r.value === null && r.reason ? <span>{r.reason}</span> : null}
              </div>
            </li>
          );
        })}
      </ul>
      {issues.length && onShowIssues ? (
        <Button appearance="transparent" className={s.quality} onClick={onShowIssues} data-testid="quality">
          {quality}
        </Button>
      ) : (
        <Text data-testid="quality">{quality}</Text>
      )}
    </div>
  );
}
