import type { AuthSession, SignInBody } from '@ketenregie/contracts';
import { signInBodySchema } from '@ketenregie/contracts';
import { ApiError, sessionQueryKey, signIn } from '@ketenregie/platform-web';
import { Alert, Field, Paragraph, PrimaryActionButton, Textbox } from '@ketenregie/ui';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { t } from '../i18n/t';

const refusal = (error: unknown): string => {
  if (error instanceof ApiError && error.status === 401) return t('signIn.refused');
  if (error instanceof ApiError && error.status === 429) return t('signIn.tooMany');
  if (error instanceof ApiError) return error.problem?.detail ?? t('signIn.failed', { code: error.status });
  return t('signIn.failed', { code: 'netwerk' });
};

/**
 * Username and password, validated by the API's own schema before sending. Used on the sign-in page
 * and in the dialog over a page whose session expired (`idPrefix` keeps their ids apart).
 */
export const SignInForm = ({ onSignedIn, idPrefix = 'sign-in' }: { onSignedIn: (session: AuthSession) => void; idPrefix?: string }) => {
  const queryClient = useQueryClient();
  const form = useForm<SignInBody>({ resolver: zodResolver(signInBodySchema), defaultValues: { username: '', password: '' } });
  const mutation = useMutation({
    mutationFn: signIn,
    onSuccess: (session) => {
      queryClient.setQueryData(sessionQueryKey, session);
      onSignedIn(session);
    },
  });
  const { errors } = form.formState;
  return (
    <form noValidate onSubmit={form.handleSubmit((body) => mutation.mutate(body))}>
      {mutation.isError ? (
        <Alert type="error">
          <Paragraph>{refusal(mutation.error)}</Paragraph>
        </Alert>
      ) : null}
      <Field id={`${idPrefix}-username`} label={t('signIn.username')} error={errors.username?.message}>
        {(control) => <Textbox {...control} autoComplete="username" {...form.register('username')} />}
      </Field>
      <Field id={`${idPrefix}-password`} label={t('signIn.password')} error={errors.password?.message}>
        {(control) => <Textbox {...control} type="password" autoComplete="current-password" {...form.register('password')} />}
      </Field>
      <PrimaryActionButton type="submit" busy={mutation.isPending} aria-disabled={mutation.isPending || undefined}>
        {mutation.isPending ? t('signIn.busy') : t('signIn.submit')}
      </PrimaryActionButton>
    </form>
  );
};
