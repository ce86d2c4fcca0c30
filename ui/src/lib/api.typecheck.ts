// Checked by `npm run typecheck`, never run: the generated command map refuses a command
// the shell does not serve and arguments it would not accept.
import { call } from "./api";

export function refusedByTheTypeCheck() {
  // @ts-expect-error the unused `journal` command was dropped
  void call("journal");
  // @ts-expect-error the command is `correct`, as the Desk method
  void call("correct_appeal", { id: "x", form: { field: "organisation", value: "", reason: "" } });
  // @ts-expect-error `list` needs its query
  void call("list");
  // @ts-expect-error `minutes` is a number
  void call("due_soon", { minutes: "15" });
  // @ts-expect-error `settings` takes no arguments
  void call("settings", { id: "x" });
  void call("settings");
  void call("due_soon", { minutes: 15 });
}
