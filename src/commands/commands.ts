/**
 * Ribbon commands (shared runtime). "Actualiser les tableaux de bord" refreshes without opening
 * the pane (a refresh already running, from the pane or an earlier click, is waited for rather
 * than started twice); when it fails, the pane opens and shows why.
 * https://learn.microsoft.com/office/dev/add-ins/design/add-in-commands
 */
import { getAddin } from "../excel/startup";

async function refreshFromRibbon(event: Office.AddinCommands.Event): Promise<void> {
  try {
    const outcome = await getAddin().refresh({ origin: "ruban" });
    if (!outcome.ok) await Office.addin?.showAsTaskpane?.().catch(() => undefined);
  } finally {
    event.completed();
  }
}

if (typeof Office !== "undefined") {
  void Office.onReady(() => {
    getAddin();
    // Office.actions exists where the shared runtime does; elsewhere the pane still works.
    Office.actions?.associate?.("refreshDashboards", refreshFromRibbon);
  });
}
