import { amsterdamToday } from '@ketenregie/platform-web';
import { Button, Field, Textbox } from '@ketenregie/ui';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { checkAsOf } from './case-words';
import { t } from './i18n/t';

type AsOfPickerProps = {
  asOf: string | undefined;
  onChoose: (day: string) => void;
  /** The address of the case now, with the current tab. */
  todayHref: string;
};

/** "Bekijk zoals op" + a date: the case as it was at the end of that day, by address (`?asOf=`). */
export const AsOfPicker = ({ asOf, onChoose, todayHref }: AsOfPickerProps) => {
  const [value, setValue] = useState(asOf ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const today = amsterdamToday();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkAsOf(value, today);
    if (!checked.ok) {
      setError(checked.message);
      return;
    }
    setError(undefined);
    onChoose(checked.day);
  };
  return (
    <form noValidate className="ketenregie-as-of" onSubmit={submit}>
      <Field id="case-as-of" label={t('asOf.label')} description={t('asOf.hint')} error={error}>
        {(control) => (
          <Textbox {...control} type="date" min="2015-01-01" max={today} value={value} onChange={(event) => setValue(event.target.value)} />
        )}
      </Field>
      <Button type="submit" appearance="secondary-action-button">
        {t('asOf.submit')}
      </Button>
      {asOf ? (
        <Link className="utrecht-link" to={todayHref}>
          {t('asOf.today')}
        </Link>
      ) : null}
    </form>
  );
};
