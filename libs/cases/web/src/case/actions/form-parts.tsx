import { zodResolver } from '@hookform/resolvers/zod';
import { applyProblemToForm } from '@ketenregie/platform-web';
import type { ErrorSummaryItem } from '@ketenregie/ui';
import {
  ButtonGroup,
  ErrorSummary,
  Field,
  Fieldset,
  FieldsetLegend,
  PrimaryActionButton,
  SecondaryActionButton,
  Textarea,
} from '@ketenregie/ui';
import { FormField, FormFieldErrorMessage, FormLabel, RadioButton } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { FieldErrors, FieldValues, Resolver, UseFormRegisterReturn, UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { t } from './i18n/t';
import type { CaseCommand } from './use-case-command';

type Messages = Readonly<Record<string, string>>;

const messageFor = (path: string, messages: Messages): string | undefined =>
  Object.entries(messages).find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];

// An error node carries its field's element as `ref`: never walk into it (React's fibers are cyclic).
const errorMeta: ReadonlySet<string> = new Set(['ref', 'message', 'type', 'types', 'root']);

const relabel = (errors: FieldErrors, messages: Messages, prefix = ''): void => {
  for (const [key, value] of Object.entries(errors)) {
    if (errorMeta.has(key) || !value || typeof value !== 'object') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const error = value as { message?: unknown; type?: unknown };
    const replacement = messageFor(path, messages);
    if (replacement && typeof error.message === 'string') error.message = replacement;
    relabel(value as FieldErrors, messages, path);
  }
};

/**
 * The contract's own schema validates the form, so the rules are the server's. Its messages for
 * choices name the code values ("Kies met of not-met."), which a user must never read: those fields
 * get their Dutch message here, by path.
 */
export const contractResolver = <S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  messages: Messages = {},
): Resolver<z.input<S>, unknown, z.output<S>> => {
  const base = zodResolver(schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>;
  return async (values, context, options) => {
    const result = await base(values, context, options);
    relabel(result.errors as FieldErrors, messages);
    return result;
  };
};

/** Dotted paths of the errors a form shows, for the summary; each links to the field with that id. */
export const errorItems = (errors: FieldErrors, idOf: (path: string) => string, prefix = ''): ErrorSummaryItem[] =>
  Object.entries(errors).flatMap(([key, value]) => {
    if (errorMeta.has(key) || !value || typeof value !== 'object') return [];
    const path = prefix ? `${prefix}.${key}` : key;
    const error = value as { message?: unknown };
    const own = typeof error.message === 'string' && error.message ? [{ message: error.message, fieldId: idOf(path) }] : [];
    return [...own, ...errorItems(value as FieldErrors, idOf, path)];
  });

/**
 * Puts the API's 422/400 field errors on the fields (all of them, or only `fields` when the form
 * knows which it has); the rest is shown by `CommandFeedback`.
 */
export const useServerFieldErrors = <T extends FieldValues>(
  command: CaseCommand,
  form: UseFormReturn<T, unknown, FieldValues>,
  fields?: ReadonlySet<string>,
) => {
  const { failure } = command;
  const { setError } = form;
  useEffect(() => {
    if (failure) applyProblemToForm(failure, setError, fields ?? (() => true));
  }, [failure, setError, fields]);
};

type FormShellProps = {
  idPrefix: string;
  errors: FieldErrors;
  submitted: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  submitLabel: string;
  pending: boolean;
  children: ReactNode;
};

/** A dialog's form: the error summary, the fields, then the one primary button and "Annuleren". */
export const FormShell = ({ idPrefix, errors, submitted, onSubmit, onCancel, submitLabel, pending, children }: FormShellProps) => {
  const items = submitted ? errorItems(errors, (path) => `${idPrefix}-${path.replaceAll('.', '-')}`) : [];
  return (
    <form
      noValidate
      className="ketenregie-stack"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <ErrorSummary items={items} title={t('error.summary')} />
      {children}
      <ButtonGroup>
        <PrimaryActionButton type="submit" busy={pending} aria-disabled={pending || undefined}>
          {pending ? t('dialog.busy') : submitLabel}
        </PrimaryActionButton>
        <SecondaryActionButton type="button" onClick={onCancel}>
          {t('dialog.cancel')}
        </SecondaryActionButton>
      </ButtonGroup>
    </form>
  );
};

/** "Annuleren" and the primary action, for a dialog without fields (a confirmation). */
export const ConfirmButtons = ({
  label,
  pending,
  onConfirm,
  onCancel,
  cancelLabel,
}: {
  label: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  cancelLabel?: string;
}) => (
  <ButtonGroup>
    <PrimaryActionButton type="button" busy={pending} aria-disabled={pending || undefined} onClick={() => !pending && onConfirm()}>
      {pending ? t('dialog.busy') : label}
    </PrimaryActionButton>
    <SecondaryActionButton type="button" onClick={onCancel}>
      {cancelLabel ?? t('dialog.cancel')}
    </SecondaryActionButton>
  </ButtonGroup>
);

export const TextareaField = ({
  id,
  label,
  error,
  optional,
  description,
  registration,
}: {
  id: string;
  label: string;
  error?: string;
  optional?: boolean;
  description?: string;
  registration: UseFormRegisterReturn;
}) => (
  <Field id={id} label={label} error={error} optional={optional} description={description}>
    {(control) => <Textarea {...control} rows={3} {...registration} />}
  </Field>
);

export type Choice = { value: string; label: string };

/** A group of radio buttons with a legend; the error is read with the group. */
export const RadioGroup = ({
  id,
  legend,
  choices,
  error,
  registration,
}: {
  id: string;
  legend: string;
  choices: readonly Choice[];
  error?: string;
  registration: UseFormRegisterReturn;
}) => {
  const errorId = error ? `${id}-error` : undefined;
  return (
    <Fieldset invalid={Boolean(error)} aria-describedby={errorId}>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {error ? <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage> : null}
      {choices.map((choice, index) => (
        <FormField key={choice.value} type="radio" className="ketenregie-field">
          <RadioButton id={index === 0 ? id : `${id}-${choice.value}`} value={choice.value} invalid={Boolean(error)} {...registration} />
          <FormLabel htmlFor={index === 0 ? id : `${id}-${choice.value}`} type="radio">
            {choice.label}
          </FormLabel>
        </FormField>
      ))}
    </Fieldset>
  );
};

/** Whether the user tried to send the form once: the summary appears only then. */
export const useSubmitted = () => useState(false);
