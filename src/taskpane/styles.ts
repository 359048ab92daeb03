/** Styles shared by the pane's sections (Fluent UI v9 tokens: theme colours, high contrast included). */
import { makeStyles, tokens } from "@fluentui/react-components";

export const useSectionStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", rowGap: "8px" },
  h2: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  row: { display: "flex", columnGap: "12px", flexWrap: "wrap", alignItems: "flex-end" },
  p: { margin: 0 },
});
