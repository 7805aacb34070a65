import { useCallback, useEffect, useRef, useState } from 'react';

export interface SingleFlightOptions<TData, TVariables> {
  mutationFn: (variables: TVariables) => Promise<TData>;
  onSuccess?: (data: TData, variables: TVariables) => unknown;
  onError?: (error: unknown, variables: TVariables) => unknown;
  onSettled?: (data: TData | undefined, error: unknown, variables: TVariables) => unknown;
}

export interface SingleFlightCallbacks<TData, TVariables> {
  onSuccess?: (data: TData, variables: TVariables) => void;
  onError?: (error: unknown, variables: TVariables) => void;
  onSettled?: (data: TData | undefined, error: unknown, variables: TVariables) => void;
}

interface Controls<TData, TVariables> {
  mutate: (variables: TVariables, callbacks?: SingleFlightCallbacks<TData, TVariables>) => void;
  reset: () => void;
  /** What the last `mutate` was called with (until `reset`). */
  variables: TVariables | undefined;
}

/** Narrowed by its flags, as React Query's result is: `isSuccess` → `data`, `isError` → `error`. */
export type SingleFlightMutation<TData, TVariables> = Controls<TData, TVariables> &
  (
    | { isPending: boolean; isSuccess: false; isError: false; data: undefined; error: null }
    | { isPending: false; isSuccess: true; isError: false; data: TData; error: null }
    | { isPending: false; isSuccess: false; isError: true; data: undefined; error: Error }
  );

type State<TData, TVariables> = { variables?: TVariables } & (
  | { status: 'idle' | 'pending'; data?: undefined; error?: undefined }
  | { status: 'success'; data: TData; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown }
);

/**
 * A control that changes something: while its request is in flight a second `mutate` (a double
 * click landing before the first re-render) sends nothing, and `isPending` is true from the click
 * itself. The same shape as React Query's useMutation where the pages use it, without React Query,
 * so the popup does not load it (lib/extension/pages/resource.ts says why).
 */
export function useSingleFlightMutation<TData = unknown, TVariables = void>(
  options: SingleFlightOptions<TData, TVariables>,
): SingleFlightMutation<TData, TVariables> {
  const [state, setState] = useState<State<TData, TVariables>>({ status: 'idle' });
  const busy = useRef(false);
  const latest = useRef(options);
  latest.current = options;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const mutate = useCallback(
    (variables: TVariables, callbacks?: SingleFlightCallbacks<TData, TVariables>) => {
      if (busy.current) return;
      busy.current = true;
      setState({ status: 'pending', variables });
      const own = latest.current;
      const settle = (next: State<TData, TVariables>) => {
        busy.current = false;
        if (mounted.current) setState(next);
      };
      void (async () => {
        // As React Query: a change's own onSuccess failing makes the change an error.
        let next: State<TData, TVariables>;
        try {
          const data = await own.mutationFn(variables);
          await own.onSuccess?.(data, variables);
          await own.onSettled?.(data, null, variables);
          next = { status: 'success', data, variables };
        } catch (error) {
          try {
            await own.onError?.(error, variables);
            await own.onSettled?.(undefined, error, variables);
          } catch {
            // The error shown is the change's own.
          }
          next = { status: 'error', error, variables };
        }
        settle(next);
        if (next.status === 'success') {
          callbacks?.onSuccess?.(next.data, variables);
          callbacks?.onSettled?.(next.data, null, variables);
        } else {
          callbacks?.onError?.(next.error, variables);
          callbacks?.onSettled?.(undefined, next.error, variables);
        }
      })();
    },
    [],
  );

  const reset = useCallback(() => {
    if (!busy.current) setState({ status: 'idle' });
  }, []);

  const { variables } = state;
  switch (state.status) {
    case 'success':
      return {
        mutate,
        reset,
        variables,
        isPending: false,
        isSuccess: true,
        isError: false,
        data: state.data,
        error: null,
      };
    case 'error':
      return {
        mutate,
        reset,
        variables,
        isPending: false,
        isSuccess: false,
        isError: true,
        data: undefined,
        error: asError(state.error),
      };
    default:
      return {
        mutate,
        reset,
        variables,
        isPending: state.status === 'pending',
        isSuccess: false,
        isError: false,
        data: undefined,
        error: null,
      };
  }
}

/** What the API client throws is an Error (ApiError); anything else is wrapped as one. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
