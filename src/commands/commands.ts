/**
 * Ribbon commands (shared runtime). "Actualiser les tableaux de bord" refreshes without opening
 * the pane; when it fails, the pane opens and shows why.
 */
import { getAddin } from "../excel/startup";

async function refreshFromRibbon(event: Office.AddinCommands.Event): Promise<void> {
  try {
    const outcome = await getAddin().refresh();
    if (!outcome.ok) await Office.addin.showAsTaskpane().catch(() => undefined);
  } finally {
    event.completed();
  }
}

if (typeof Office !== "undefined") {
  void Office.onReady(() => {
    getAddin();
    Office.actions.associate("refreshDashboards", refreshFromRibbon);
  });
}
