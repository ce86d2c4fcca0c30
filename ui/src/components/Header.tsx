import { useAction } from "../hooks/useCommand";
import { useDesk } from "../hooks/useDesk";
import { LanguageSelect } from "./LanguageSelect";
import { UserSwitch } from "./UserSwitch";

/** The window's top line: the Journal's title, who is working, the language, and the
 * Commission's meetings (specialists and supervisors keep them), the e-mail outbox, the
 * supervisor's panel and the new-appeal form. */
export function Header({ onSupervisor, onCommission, onOutbox, onNewAppeal, onError }: { onSupervisor: () => void; onCommission: () => void; onOutbox: () => void; onNewAppeal: () => void; onError: (message: string) => void }) {
  const { settings, lang, t } = useDesk();
  const setLanguage = useAction("set_language");
  return (
    <header>
      <h1 id="heading">{t("journal-heading")}</h1>
      <div className="tools">
        <span className="muted" id="whoami">
          {settings.user} · {t(`role-${settings.role}`)}
        </span>
        <UserSwitch />
        <LanguageSelect id="language" label={t("field-language")} lang={lang}
          setLang={(language) => setLanguage.mutate({ language }, { onError: (e) => onError(e.message) })} />
        {settings.commission && (
          <button id="commission" onClick={onCommission}>
            {t("ui-commission-title")}
          </button>
        )}
        <button id="outbox" onClick={onOutbox}>
          {t("ui-outbox-title")}
        </button>
        {settings.role === "supervisor" && (
          <button id="supervisor" onClick={onSupervisor}>
            {t("supervisor")}
          </button>
        )}
        <button id="new-appeal" className="primary" onClick={onNewAppeal} title="Ctrl+N">
          {t("new-appeal")} <kbd>Ctrl+N</kbd>
        </button>
      </div>
    </header>
  );
}
