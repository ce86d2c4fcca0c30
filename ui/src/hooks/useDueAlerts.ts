import { useEffect, useRef } from "react";
import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";
import { remaining } from "../lib/time";
import { useCommand } from "./useCommand";
import { useT } from "./useDesk";

/** Raises one desktop alert per appeal and due instant when it comes within 15 minutes. */
export function useDueAlerts() {
  const t = useT();
  const told = useRef(new Set<string>());
  const { data: rows } = useCommand("due_soon", { minutes: 15 }, { refetchInterval: 60_000 });
  useEffect(() => {
    const fresh = (rows ?? []).filter((r) => r.next_due && !told.current.has(r.id + r.next_due));
    if (fresh.length === 0) return;
    const tell = async () => {
      try {
        let granted = await isPermissionGranted();
        if (!granted) granted = (await requestPermission()) === "granted";
        for (const r of fresh) {
          told.current.add(r.id + r.next_due);
          const left = remaining(r.next_due as string, Date.now()).text.replace("{d}", t("unit-days"));
          if (granted) sendNotification({ title: t("app-title"), body: `${r.number} · ${r.organisation}: ${t("due-in", { time: left })}` });
        }
      } catch (e) {
        // No notification service (e.g. a bare X server): the red countdowns still show it.
        console.warn("desktop alert", e);
      }
    };
    void tell();
  }, [rows, t]);
}
