// Dutch is the source dictionary: its keys are the set English must provide.
export const nl = {
  'signIn.title': 'Aanmelden',
  'signIn.intro': 'Meld u aan met uw gebruikersnaam en wachtwoord.',
  'signIn.username': 'Gebruikersnaam',
  'signIn.password': 'Wachtwoord',
  'signIn.submit': 'Aanmelden',
  'signIn.busy': 'Bezig met aanmelden…',
  'signIn.refused': 'Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Controleer uw invoer en probeer het opnieuw.',
  'signIn.tooMany': 'U hebt te vaak geprobeerd aan te melden. Wacht een paar minuten en probeer het dan opnieuw.',
  'signIn.failed': 'Aanmelden lukte niet. Er is niets opgeslagen. Foutcode: {code}',
  'signIn.oidc': 'Aanmelden met uw organisatieaccount',
  'signIn.or': 'Of met gebruikersnaam en wachtwoord',
  'expired.title': 'Uw sessie is verlopen',
  'expired.body': 'Uw sessie is verlopen. Uw invoer blijft staan. Meld u opnieuw aan om verder te gaan.',
  'expired.done': 'U bent weer aangemeld. Voer uw laatste handeling opnieuw uit.',
} as const;

export type AccessWebMessageKey = keyof typeof nl;
