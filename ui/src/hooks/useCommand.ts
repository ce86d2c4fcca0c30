// Reading and writing through the command cache (lib/cache.ts).
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from "@tanstack/react-query";
import { call, type ArgList, type Args, type Command, type Returns } from "../lib/api";
import { afterRefusal, afterWrite, key } from "../lib/cache";
import type { UiError } from "../lib/bindings";

type ReadOptions<C extends Command> = Omit<UseQueryOptions<Returns<C>, UiError>, "queryKey" | "queryFn">;

/** A read, cached under [command, args] until a write makes it stale. */
export function useCommand<C extends Command>(cmd: C, args: Args<C>, options?: ReadOptions<C>) {
  return useQuery<Returns<C>, UiError>({
    queryKey: key(cmd, args),
    queryFn: () => call(cmd, ...([args] as ArgList<C>)),
    ...options,
  });
}

/** A write (or a document made on request): on success the reads it changes are refreshed
 * and `onDone` gets the answer; `error` holds the translated refusal. */
export function useAction<C extends Command>(cmd: C, onDone?: (result: Returns<C>) => void) {
  const client = useQueryClient();
  return useMutation<Returns<C>, UiError, Args<C>>({
    mutationFn: (args) => call(cmd, ...([args] as ArgList<C>)),
    onSuccess: (result, args) => {
      afterWrite(client, cmd, args, result);
      onDone?.(result);
    },
    onError: () => afterRefusal(client, cmd),
  });
}
