import { Heading2, Heading3, Paragraph, SecondaryActionButton, ButtonGroup } from '@ketenregie/ui';
import { directorLabel, statusLabel } from '../shared/labels';
import { t } from './i18n/t';
import type { Candidate, FamilyLink } from './intake-form';

/** "Zelfde naam en geboortedatum, Zelfde postcode en huisnummer": the match reasons in plain Dutch. */
export const reasonsText = (reasons: Candidate['reasons']): string =>
  reasons
    .map((reason, index) => {
      const text = t(`reason.${reason}`);
      return index === 0 ? text : text.charAt(0).toLocaleLowerCase() + text.slice(1);
    })
    .join('; ');

type KnownFamilyProps = {
  candidates: readonly Candidate[];
  searching: boolean;
  failed: boolean;
  /** Whether any search was asked at all: before that there is nothing to say. */
  asked: boolean;
  link: FamilyLink;
  onLink: (candidate: Candidate) => void;
  onUnlink: () => void;
  onSeparate: (caseIds: string[]) => void;
};

/**
 * "Mogelijk bekend gezin": the families the region already knows that this household could be,
 * each with why, so the professional links the report to the right case instead of opening a
 * second one. An exact match (same name and date of birth) asks for a choice.
 */
export const KnownFamily = ({ candidates, searching, failed, asked, link, onLink, onUnlink, onSeparate }: KnownFamilyProps) => {
  if (!asked) return null;
  const exactIds = candidates.filter((candidate) => candidate.exact).map((candidate) => candidate.caseId);
  return (
    <section className="ketenregie-known-family" aria-labelledby="intake-known-family-heading" aria-busy={searching || undefined}>
      <Heading2 id="intake-known-family-heading">{t('knownFamily')}</Heading2>
      {searching ? <Paragraph>{t('searching')}</Paragraph> : null}
      {failed ? <Paragraph>{t('searchFailed')}</Paragraph> : null}
      {!searching && !failed && candidates.length === 0 ? <Paragraph>{t('noCandidates')}</Paragraph> : null}
      {candidates.length > 0 ? (
        <ul className="ketenregie-candidates">
          {candidates.map((candidate) => {
            const linked = link.kind === 'case' && link.caseId === candidate.caseId;
            const headingId = `intake-candidate-${candidate.caseId}`;
            return (
              <li key={candidate.caseId} className="ketenregie-candidate" aria-labelledby={headingId} data-linked={linked || undefined}>
                <Heading3 id={headingId}>
                  {t('candidate', { family: candidate.familyLabel, municipality: candidate.municipality })}
                </Heading3>
                <Paragraph>
                  {t('candidateStatus', { status: statusLabel(candidate.status), director: directorLabel(candidate.director) })}
                </Paragraph>
                <Paragraph>{t('why', { reasons: reasonsText(candidate.reasons) })}</Paragraph>
                {candidate.exact ? (
                  <Paragraph>
                    <strong>{t('exact')}</strong>
                  </Paragraph>
                ) : null}
                {linked ? (
                  <>
                    <Paragraph>
                      <strong>{t('linked')}</strong>
                    </Paragraph>
                    <SecondaryActionButton type="button" onClick={onUnlink}>
                      {t('unlink')}
                    </SecondaryActionButton>
                  </>
                ) : candidate.exact ? (
                  <ButtonGroup>
                    <SecondaryActionButton type="button" id={`intake-exact-link-${candidate.caseId}`} onClick={() => onLink(candidate)}>
                      {t('exactLink')}
                    </SecondaryActionButton>
                    <SecondaryActionButton type="button" aria-pressed={link.kind === 'separate'} onClick={() => onSeparate(exactIds)}>
                      {t('exactSeparate')}
                    </SecondaryActionButton>
                  </ButtonGroup>
                ) : (
                  <SecondaryActionButton type="button" onClick={() => onLink(candidate)}>
                    {t('link')}
                  </SecondaryActionButton>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
};
