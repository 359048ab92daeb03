/** Entry of the task pane (shared runtime: the same page also hosts the functions and commands). */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, teamsHighContrastTheme, webLightTheme, webDarkTheme, Theme } from "@fluentui/react-components";
import { App } from "./App";
import { getAddin } from "../excel/startup";
import { openReportDialog } from "../excel/report-dialog";

/** Light theme, or the high contrast theme when Windows high contrast (forced colours) is on. */
export function pickTheme(): Theme {
  const mq = typeof window !== "undefined" && window.matchMedia ? window.matchMedia("(forced-colors: active)") : null;
  if (mq?.matches) return teamsHighContrastTheme;
  const dark = typeof window !== "undefined" && window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)").matches : false;
  return dark ? webDarkTheme : webLightTheme;
}

/** The workbook's file name (Office.context.document.url: a path or an address), for the report's source. */
function workbookName(): string {
  const url = typeof Office !== "undefined" ? Office.context?.document?.url : "";
  const name = (url ?? "").split(/[\\/]/).pop() ?? "";
  try {
    return decodeURIComponent(name) || "classeur";
  } catch {
    return name || "classeur";
  }
}

function Root(): React.ReactElement {
  const addin = getAddin();
  const [theme, setTheme] = React.useState(pickTheme);
  React.useEffect(() => {
    if (!window.matchMedia) return;
    const mq = window.matchMedia("(forced-colors: active)");
    const on = () => setTheme(pickTheme());
    mq.addEventListener?.("change", on);
    return () => mq.removeEventListener?.("change", on);
  }, []);
  return (
    <FluentProvider theme={theme} lang="fr">
      <App
        store={addin.store}
        port={addin.port}
        refresh={(o) => addin.refresh({ ...o, origin: "volet" })}
        cotation={(d) => addin.cotation(d)}
        template={() => addin.template()}
        referential={() => addin.referential()}
        tasks={addin.tasks}
        lastOutcome={addin.lastOutcome}
        outcomes={addin.onOutcome}
        openReport={openReportDialog}
        workbookName={workbookName()}
      />
    </FluentProvider>
  );
}

function mount(): void {
  const el = document.getElementById("container");
  if (el) createRoot(el).render(<Root />);
}

// The page also hosts the custom functions and the ribbon command (shared runtime); without
// Office.js (a plain browser) there is nothing to show.
if (typeof Office !== "undefined") void Office.onReady(mount);
