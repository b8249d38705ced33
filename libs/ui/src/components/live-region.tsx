import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useState } from 'react';

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => undefined);

/**
 * One polite live region for the whole app: "Opgeslagen" and "Lijst bijgewerkt: 2 nieuw" are read
 * out without moving focus. Banners never use it (they would interrupt).
 */
export const LiveRegionProvider = ({ children }: { children: ReactNode }) => {
  const [message, setMessage] = useState('');
  const announce = useCallback<Announce>((next) => {
    // Emptied first, so the same message twice in a row is read out twice.
    setMessage('');
    setTimeout(() => setMessage(next), 50);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div aria-live="polite" role="status" className="ketenregie-visually-hidden">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
};

export const useAnnounce = (): Announce => useContext(AnnounceContext);
