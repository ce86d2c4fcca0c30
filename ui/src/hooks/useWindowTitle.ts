import { useEffect } from "react";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { useDesk } from "./useDesk";

/** The page's language and the window's title follow the chosen language. */
export function useWindowTitle() {
  const { lang, t } = useDesk();
  useEffect(() => {
    const title = t("app-title");
    document.documentElement.lang = lang;
    document.title = title;
    getCurrentWindow()
      .setTitle(title)
      .catch((e) => console.warn("window title", e));
  }, [lang, t]);
}
