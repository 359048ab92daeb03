/** What was found in the workbook: register, contracts, years, columns, side tables. */
import * as React from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import type { Register, TableSource } from "../register/types";
import { REGISTER_COLUMN_BY_KEY } from "../register/columns";
import { registerYears } from "../indicators/engine";
import { describeSource, plural } from "./text";

const useStyles = makeStyles({
  dl: { display: "grid", gridTemplateColumns: "fit-content(45%) 1fr", columnGap: "8px", rowGap: "4px", margin: 0 },
  dt: { fontWeight: tokens.fontWeightSemibold },
  dd: { margin: 0, overflowWrap: "anywhere" },
});

export function RegisterSummary({ register }: { register: Register }): React.ReactElement {
  const s = useStyles();
  const src = register.source;
  const years = registerYears(register);
  const recognised = Object.keys(src.columns).map((k) => src.columns[k] || REGISTER_COLUMN_BY_KEY.get(k)?.header || k);
  const side = (label: string, t: TableSource | null) => (
    <>
      <dt className={s.dt}>{label}</dt>
      <dd className={s.dd}>{t ? describeSource(t) : "absent du classeur"}</dd>
    </>
  );
  return (
    <dl className={s.dl} aria-label="Registre trouvé">
      <dt className={s.dt}>Registre</dt>
      <dd className={s.dd}>{describeSource(src)}</dd>
      <dt className={s.dt}>Marchés</dt>
      <dd className={s.dd}>
        {plural(register.contracts.length, "marché", "marchés")} ({plural(src.rowsRead, "ligne lue", "lignes lues")}, {plural(src.rowsRejected, "rejetée", "rejetées")}
        {src.rowsMerged ? `, ${plural(src.rowsMerged, "fusionnée", "fusionnées")}` : ""})
      </dd>
      <dt className={s.dt}>Années</dt>
      <dd className={s.dd}>{years.length ? years.join(", ") : "aucun marché notifié (colonne « Date de notification » vide ou absente)"}</dd>
      <dt className={s.dt}>Colonnes reconnues</dt>
      <dd className={s.dd}>
        {recognised.length} : {recognised.join(", ")}
      </dd>
      <dt className={s.dt}>Colonnes non reconnues</dt>
      <dd className={s.dd}>{src.unknownColumns.length ? `${src.unknownColumns.length} (ignorées) : ${src.unknownColumns.join(", ")}` : "aucune"}</dd>
      {side("Activités", register.activitiesSource)}
      {side("Insertion", register.insertionSource)}
    </dl>
  );
}
