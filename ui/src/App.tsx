// Which screen is showing, and nothing else: the screens live in screens/, what they
// share in components/, hooks/ and lib/.
import { useCallback, useRef, useState } from "react";
import { Header } from "./components/Header";
import { SyncBar } from "./components/SyncBar";
import { useCommand } from "./hooks/useCommand";
import { DeskProvider, useDesk } from "./hooks/useDesk";
import { useDueAlerts } from "./hooks/useDueAlerts";
import { useShortcuts } from "./hooks/useShortcuts";
import { useWindowTitle } from "./hooks/useWindowTitle";
import type { JournalQuery, Settings } from "./lib/bindings";
import { translate } from "./lib/i18n";
import { AppealPage } from "./screens/appeal/AppealPage";
import { CommissionScreen } from "./screens/commission/CommissionScreen";
import { OutboxScreen } from "./screens/outbox/OutboxScreen";
import { useOutboxWorker } from "./screens/outbox/useOutboxWorker";
import { AppealForm } from "./screens/journal/AppealForm";
import { JournalScreen } from "./screens/journal/JournalScreen";
import { emptyQuery } from "./screens/journal/query";
import { SetupDialog } from "./screens/journal/SetupDialog";
import { SupervisorPanel } from "./screens/supervisor/SupervisorPanel";
import { ConflictsScreen } from "./screens/sync/ConflictsScreen";
import { SyncSettings } from "./screens/sync/SyncSettings";

export function App() {
  const settings = useCommand("settings", {});
  if (settings.error) {
    return (
      <main className="fatal" role="alert" id="fatal">
        {settings.error.message}
      </main>
    );
  }
  if (!settings.data) return <main className="loading">{translate("ru", "loading")}</main>;
  return (
    <DeskProvider settings={settings.data}>
      <Screens settings={settings.data} />
    </DeskProvider>
  );
}

function Screens({ settings }: { settings: Settings }) {
  // The journal's filter outlives a visit to an appeal's page, as a URL's query would.
  const [query, setQuery] = useState<JournalQuery>(emptyQuery);
  const [openId, setOpenId] = useState<string | null>(null);
  // The row left for an appeal's page gets the focus back on return (issue 19 item 12).
  const [leftId, setLeftId] = useState<string | null>(null);
  const open = useCallback((id: string) => {
    setLeftId(id);
    setOpenId(id);
  }, []);
  const [formOpen, setFormOpen] = useState(false);
  const [supervisorOpen, setSupervisorOpen] = useState(false);
  const [syncSettingsOpen, setSyncSettingsOpen] = useState(false);
  const [conflictsOpen, setConflictsOpen] = useState(false);
  const [commissionOpen, setCommissionOpen] = useState(false);
  const [notice, setNotice] = useState("");
  const searchRef = useRef<HTMLInputElement>(null);
  const openForm = useCallback(() => setFormOpen(true), []);
  const back = useCallback(() => setOpenId(null), []);
  // The conflicts screen's way back is to the journal, as its button says.
  const openConflicts = useCallback(() => {
    setOpenId(null);
    setConflictsOpen(true);
  }, []);
  const closeConflicts = useCallback(() => setConflictsOpen(false), []);
  const openCommission = useCallback(() => {
    setOpenId(null);
    setConflictsOpen(false);
    setCommissionOpen(true);
  }, []);
  const closeCommission = useCallback(() => setCommissionOpen(false), []);
  const [outboxOpen, setOutboxOpen] = useState(false);
  const openOutbox = useCallback(() => {
    setOpenId(null);
    setConflictsOpen(false);
    setCommissionOpen(false);
    setOutboxOpen(true);
  }, []);
  const closeOutbox = useCallback(() => setOutboxOpen(false), []);
  useDueAlerts();
  useOutboxWorker();
  useWindowTitle();
  useShortcuts(openForm, searchRef);
  const { t } = useDesk();

  return (
    <div className="app">
      <Header onSupervisor={() => setSupervisorOpen(true)} onCommission={openCommission} onOutbox={openOutbox} onNewAppeal={openForm} onError={setNotice} />
      <SyncBar onSettings={() => setSyncSettingsOpen(true)} onConflicts={openConflicts} />
      {settings.workstation === null && <SetupDialog />}
      {syncSettingsOpen && <SyncSettings onClose={() => setSyncSettingsOpen(false)} />}
      {supervisorOpen && <SupervisorPanel onClose={() => setSupervisorOpen(false)} />}
      {formOpen && settings.workstation !== null && (
        <AppealForm
          key={settings.language}
          onCancel={() => setFormOpen(false)}
          onSaved={(row) => {
            setFormOpen(false);
            setNotice(t("form-saved", { number: row.number }));
          }}
        />
      )}
      {outboxOpen ? (
        <OutboxScreen onBack={closeOutbox} />
      ) : commissionOpen ? (
        <CommissionScreen onBack={closeCommission} />
      ) : conflictsOpen ? (
        <ConflictsScreen onBack={closeConflicts} />
      ) : openId ? (
        <AppealPage id={openId} onBack={back} onConflicts={openConflicts} />
      ) : (
        <JournalScreen query={query} setQuery={setQuery} notice={notice} searchRef={searchRef} onOpen={open} focusId={leftId} />
      )}
    </div>
  );
}
