import {
  type DefaultError,
  type MutateOptions,
  type UseMutationOptions,
  type UseMutationResult,
  useMutation,
} from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';

/**
 * useMutation for a control that changes something: while its request is in flight, a second
 * `mutate` (a double click landing before the first re-render) sends nothing, and `isPending`
 * is true from the click itself. React Query reports `isPending` only after its own scheduled
 * notification, late enough for a second click to get through.
 */
export function useSingleFlightMutation<
  TData = unknown,
  TError = DefaultError,
  TVariables = void,
  TContext = unknown,
>(
  options: UseMutationOptions<TData, TError, TVariables, TContext>,
): UseMutationResult<TData, TError, TVariables, TContext> {
  const mutation = useMutation(options);
  const busy = useRef(false);
  const [starting, setStarting] = useState(false);
  const { mutate: run } = mutation;
  const mutate = useCallback(
    (variables: TVariables, opts?: MutateOptions<TData, TError, TVariables, TContext>) => {
      if (busy.current) return;
      busy.current = true;
      setStarting(true);
      const done = () => {
        busy.current = false;
        setStarting(false);
      };
      run(variables, {
        ...opts,
        onSettled: (...args) => {
          done();
          opts?.onSettled?.(...args);
        },
      });
    },
    [run],
  );
  const isPending = mutation.isPending || starting;
  return { ...mutation, mutate, isPending } as UseMutationResult<
    TData,
    TError,
    TVariables,
    TContext
  >;
}
